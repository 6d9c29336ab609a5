//! `sluice aws-local start|stop|status`: a local stand-in for AWS for a class with no accounts.
//! It runs moto (a local AWS emulator, with the Glue calls moto lacks added by the bundled
//! `assets/aws-local/moto_server.py`) on a loopback port, in the background, and says how to
//! point deploys at it. Nothing reaches AWS; what is "deployed" lives only in that process.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use serde::{Deserialize, Serialize};

/// The server script, built into the binary so an installed copy can run it.
const SERVER_SCRIPT: &str = include_str!("../../assets/aws-local/moto_server.py");
/// How long `start` waits for the server to answer.
const START_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, clap::Args)]
pub struct AwsLocalArgs {
    #[command(subcommand)]
    pub command: AwsLocalCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum AwsLocalCommand {
    /// Start the local stand-in for AWS (moto) in the background
    Start(StartArgs),
    /// Stop it; everything "deployed" to it is gone
    Stop,
    /// Whether it runs, and where
    Status,
}

#[derive(Debug, clap::Args)]
pub struct StartArgs {
    /// The loopback port to listen on
    #[arg(long, default_value_t = 5000)]
    pub port: u16,
    /// The Python with moto installed (else SLUICE_MOTO_PYTHON, else
    /// ~/.cache/sluice/moto-venv/bin/python, else python3)
    #[arg(long)]
    pub python: Option<PathBuf>,
}

/// What a started stand-in left in the settings folder.
#[derive(Debug, Serialize, Deserialize)]
struct Running {
    pid: u32,
    port: u16,
    endpoint: String,
    log: PathBuf,
}

fn state_path(dir: &Path) -> PathBuf {
    dir.join("aws-local.toml")
}

fn read_running(dir: &Path) -> Option<Running> {
    let text = std::fs::read_to_string(state_path(dir)).ok()?;
    toml::from_str(&text).ok()
}

pub fn run(args: &AwsLocalArgs) -> anyhow::Result<u8> {
    let dir = crate::app::files::config_dir();
    match &args.command {
        AwsLocalCommand::Start(start) => start_server(&dir, start),
        AwsLocalCommand::Stop => stop_server(&dir),
        AwsLocalCommand::Status => status(&dir),
    }
}

/// The Python to run moto with.
fn python(chosen: Option<&Path>) -> PathBuf {
    if let Some(chosen) = chosen {
        return chosen.to_path_buf();
    }
    if let Some(python) = std::env::var_os("SLUICE_MOTO_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(python);
    }
    let venv = std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".cache/sluice/moto-venv/bin/python"));
    venv.filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("python3"))
}

fn answers(port: u16) -> bool {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(300)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

fn print_how_to_use(running: &Running) {
    println!(
        "The local stand-in for AWS (moto) listens at {}: it is not AWS, nothing leaves this machine, and what is deployed to it is gone when it stops.",
        running.endpoint
    );
    println!("Point the AWS SDK at it in this shell:");
    println!("  export AWS_ENDPOINT_URL={}", running.endpoint);
    println!(
        "  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing"
    );
    println!("then, for example:");
    println!(
        "  sluice deploy init PIPELINE --bucket workshop-lake --role arn:aws:iam::123456789012:role/GlueWorkshop --endpoint-url {}",
        running.endpoint
    );
    println!("  sluice deploy plan PIPELINE && sluice deploy apply PIPELINE");
}

fn start_server(dir: &Path, args: &StartArgs) -> anyhow::Result<u8> {
    if let Some(running) = read_running(dir)
        && crate::engine::staging::process_is_running(running.pid)
        && answers(running.port)
    {
        println!("already running (process {})", running.pid);
        print_how_to_use(&running);
        return Ok(super::exit::OK);
    }
    if answers(args.port) {
        eprintln!(
            "sluice: something else already answers on port {}; choose another with --port",
            args.port
        );
        return Ok(super::exit::PIPELINE_ERROR);
    }
    let python = python(args.python.as_deref());
    let has_moto = std::process::Command::new(&python)
        .args(["-c", "import moto.server"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !has_moto {
        eprintln!(
            "sluice: {} cannot import moto, the local AWS emulator. Install it (once, from PyPI) with:\n  python3 -m venv ~/.cache/sluice/moto-venv && ~/.cache/sluice/moto-venv/bin/pip install 'moto[server]==5.2.5'\nor name a Python that has it with --python",
            python.display()
        );
        return Ok(super::exit::PIPELINE_ERROR);
    }
    let folder = dir.join("aws-local");
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let script = folder.join("moto_server.py");
    crate::model::file_format::write_atomically(&script, SERVER_SCRIPT.as_bytes())
        .with_context(|| format!("cannot write {}", script.display()))?;
    let log = folder.join("moto.log");
    let log_file =
        std::fs::File::create(&log).with_context(|| format!("cannot write {}", log.display()))?;
    let mut command = std::process::Command::new(&python);
    command
        .arg(&script)
        .args(["-H", "127.0.0.1", "-p", &args.port.to_string()])
        .stdin(std::process::Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    // Its own process group: Ctrl+C in this terminal does not stop the class's server.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", python.display()))?;
    let started = Instant::now();
    while !answers(args.port) {
        if let Ok(Some(status)) = child.try_wait() {
            let output = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(anyhow!(
                "the local stand-in stopped at once ({status}):\n{}",
                output.trim()
            ));
        }
        if started.elapsed() > START_TIMEOUT {
            let _ = child.kill();
            return Err(anyhow!(
                "the local stand-in did not answer within {} s; its log is {}",
                START_TIMEOUT.as_secs(),
                log.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let running = Running {
        pid: child.id(),
        port: args.port,
        endpoint: format!("http://127.0.0.1:{}", args.port),
        log,
    };
    let text = toml::to_string(&running)?;
    crate::model::file_format::write_atomically(&state_path(dir), text.as_bytes())?;
    println!("started (process {})", running.pid);
    print_how_to_use(&running);
    Ok(super::exit::OK)
}

fn stop_server(dir: &Path) -> anyhow::Result<u8> {
    let Some(running) = read_running(dir) else {
        println!("the local stand-in for AWS is not running");
        return Ok(super::exit::OK);
    };
    if crate::engine::staging::process_is_running(running.pid) {
        let killed = std::process::Command::new("kill")
            .arg(running.pid.to_string())
            .status()
            .is_ok_and(|status| status.success());
        if !killed {
            return Err(anyhow!("cannot stop process {}", running.pid));
        }
        let asked = Instant::now();
        while crate::engine::staging::process_is_running(running.pid)
            && asked.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    std::fs::remove_file(state_path(dir)).ok();
    println!(
        "stopped the local stand-in for AWS (process {}); what was deployed to it is gone",
        running.pid
    );
    Ok(super::exit::OK)
}

fn status(dir: &Path) -> anyhow::Result<u8> {
    match read_running(dir) {
        Some(running)
            if crate::engine::staging::process_is_running(running.pid) && answers(running.port) =>
        {
            println!("running (process {})", running.pid);
            print_how_to_use(&running);
            Ok(super::exit::OK)
        }
        _ => {
            println!(
                "the local stand-in for AWS is not running; `sluice aws-local start` starts it"
            );
            Ok(super::exit::PIPELINE_ERROR)
        }
    }
}
