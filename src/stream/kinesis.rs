//! Kinesis data streams through aws-sdk-kinesis: a source that reads every shard from its
//! start, its end, a sequence number or the checkpoint a run left, and a sink that puts each
//! event as a JSON record keyed by a column. The SDK runs on a thread of its own with its own
//! runtime, joined to the stage by a bounded channel, so a slow stream holds the stage back and
//! the stream runtime's workers never wait on the network. Credentials come only from the SDK's
//! default chain; its `AWS_ENDPOINT_URL` and `AWS_REGION` are honoured (moto in tests).

use std::collections::{BTreeMap, VecDeque};
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::primitives::Blob;
use aws_sdk_kinesis::types::{PutRecordsRequestEntry, ShardIteratorType};
use polars::prelude::*;

use super::INGESTED_COLUMN;
use super::operator::{Counters, Sink, Source};

/// Where a source starts reading each shard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAt {
    /// The oldest record kept.
    TrimHorizon,
    /// Only records put after the source starts.
    Latest,
    /// At this sequence number (in every shard that has it).
    AtSequence(String),
    /// After the last record the previous run took, as its checkpoint file says.
    Checkpoint,
}

/// How a Kinesis source reads.
#[derive(Debug, Clone)]
pub struct KinesisSourceSettings {
    pub stream_name: String,
    pub start: StartAt,
    /// The events' columns: each record is a JSON object read with these types.
    pub schema: SchemaRef,
    /// A file the source keeps each shard's last sequence number in (written as it goes and at
    /// the end), for `StartAt::Checkpoint` to resume from.
    pub checkpoint: Option<PathBuf>,
}

/// Records read from one shard: (shard, sequence number, data).
type Records = Vec<(String, String, Vec<u8>)>;

/// The gap between reads of a shard that had nothing (AWS allows five reads a second a shard).
const IDLE_POLL: Duration = Duration::from_millis(200);

async fn client() -> Client {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(30))
        .build();
    let shared = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts)
        .load()
        .await;
    Client::new(&shared)
}

fn sdk_message(error: &impl std::error::Error) -> String {
    // The SDK's display is "service error"; its source says which.
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    message
}

/// Reads a checkpoint file: shard id -> last sequence number taken.
pub fn read_checkpoint(path: &std::path::Path) -> Result<BTreeMap<String, String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| format!("the checkpoint `{}` cannot be read: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}

fn write_checkpoint(
    path: &std::path::Path,
    positions: &BTreeMap<String, String>,
) -> Result<(), String> {
    let text = serde_json::to_string_pretty(positions).map_err(|e| e.to_string())?;
    let aside = path.with_extension("writing");
    std::fs::write(&aside, text)
        .and_then(|()| std::fs::rename(&aside, path))
        .map_err(|e| format!("cannot write the checkpoint `{}`: {e}", path.display()))
}

/// Reads every shard of the stream, sending what it reads until `stop` is set or the receiver
/// is gone.
async fn read_shards(
    settings: KinesisSourceSettings,
    resume: BTreeMap<String, String>,
    out: SyncSender<Result<Records, String>>,
    stop: Arc<AtomicBool>,
) {
    let fail = |out: &SyncSender<Result<Records, String>>, message: String| {
        let _ = out.send(Err(message));
    };
    let client = client().await;
    let name = settings.stream_name.as_str();
    let mut shards = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let request = match &token {
            Some(token) => client.list_shards().next_token(token),
            None => client.list_shards().stream_name(name),
        };
        match request.send().await {
            Ok(page) => {
                shards.extend(page.shards().iter().map(|s| s.shard_id().to_string()));
                match page.next_token() {
                    Some(next) => token = Some(next.to_string()),
                    None => break,
                }
            }
            Err(e) => {
                return fail(
                    &out,
                    format!("cannot list the shards of `{name}`: {}", sdk_message(&e)),
                );
            }
        }
    }
    let mut iterators: Vec<(String, Option<String>)> = Vec::new();
    for shard in shards {
        let request = client
            .get_shard_iterator()
            .stream_name(name)
            .shard_id(&shard);
        let request = match (&settings.start, resume.get(&shard)) {
            (StartAt::Checkpoint, Some(after)) => request
                .shard_iterator_type(ShardIteratorType::AfterSequenceNumber)
                .starting_sequence_number(after),
            (StartAt::Checkpoint | StartAt::TrimHorizon, _) => {
                request.shard_iterator_type(ShardIteratorType::TrimHorizon)
            }
            (StartAt::Latest, _) => request.shard_iterator_type(ShardIteratorType::Latest),
            (StartAt::AtSequence(at), _) => request
                .shard_iterator_type(ShardIteratorType::AtSequenceNumber)
                .starting_sequence_number(at),
        };
        match request.send().await {
            Ok(found) => iterators.push((shard, found.shard_iterator().map(str::to_string))),
            Err(e) => {
                return fail(
                    &out,
                    format!(
                        "cannot start reading shard `{shard}` of `{name}`: {}",
                        sdk_message(&e)
                    ),
                );
            }
        }
    }
    while !stop.load(Ordering::Relaxed) {
        let mut read_any = false;
        for (shard, iterator) in &mut iterators {
            let Some(current) = iterator.clone() else {
                continue;
            };
            let page = match client
                .get_records()
                .shard_iterator(current)
                .limit(1_000)
                .send()
                .await
            {
                Ok(page) => page,
                Err(e) => {
                    return fail(
                        &out,
                        format!(
                            "cannot read shard `{shard}` of `{name}`: {}",
                            sdk_message(&e)
                        ),
                    );
                }
            };
            *iterator = page.next_shard_iterator().map(str::to_string);
            let records: Records = page
                .records()
                .iter()
                .map(|r| {
                    (
                        shard.clone(),
                        r.sequence_number().to_string(),
                        r.data().as_ref().to_vec(),
                    )
                })
                .collect();
            if !records.is_empty() {
                read_any = true;
                // A full channel holds the reading back: back-pressure reaches the stream.
                if out.send(Ok(records)).is_err() {
                    return;
                }
            }
        }
        if !read_any {
            tokio::time::sleep(IDLE_POLL).await;
        }
    }
}

/// The source.
pub struct KinesisSource {
    settings: KinesisSourceSettings,
    receiver: Option<Receiver<Result<Records, String>>>,
    stop: Arc<AtomicBool>,
    waiting: VecDeque<(String, String, Vec<u8>)>,
    positions: BTreeMap<String, String>,
    checkpoint_written: Instant,
}

impl KinesisSource {
    pub fn new(settings: KinesisSourceSettings) -> Self {
        Self {
            settings,
            receiver: None,
            stop: Arc::new(AtomicBool::new(false)),
            waiting: VecDeque::new(),
            positions: BTreeMap::new(),
            checkpoint_written: Instant::now(),
        }
    }

    /// Starts the reading thread on first use.
    fn start(&mut self) -> Result<(), String> {
        let resume = match (&self.settings.start, &self.settings.checkpoint) {
            (StartAt::Checkpoint, Some(path)) => read_checkpoint(path)?,
            (StartAt::Checkpoint, None) => {
                return Err("start = checkpoint needs a checkpoint_path".into());
            }
            _ => BTreeMap::new(),
        };
        self.positions = resume.clone();
        let (sender, receiver) = sync_channel(8);
        let settings = self.settings.clone();
        let stop = Arc::clone(&self.stop);
        std::thread::Builder::new()
            .name("sluice-kinesis-in".into())
            .spawn(move || {
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => {
                        runtime.block_on(read_shards(settings, resume, sender, stop));
                    }
                    Err(e) => {
                        let _ = sender.send(Err(format!("cannot start the Kinesis client: {e}")));
                    }
                }
            })
            .map_err(|e| format!("cannot start the Kinesis reader: {e}"))?;
        self.receiver = Some(receiver);
        Ok(())
    }

    fn save_checkpoint(&mut self) -> Result<(), String> {
        self.checkpoint_written = Instant::now();
        match &self.settings.checkpoint {
            Some(path) if !self.positions.is_empty() => write_checkpoint(path, &self.positions),
            _ => Ok(()),
        }
    }
}

/// JSON records read as rows of `schema`.
fn records_frame(data: &[Vec<u8>], schema: &SchemaRef) -> Result<DataFrame, String> {
    if data.is_empty() {
        return Ok(DataFrame::empty_with_schema(schema));
    }
    let mut lines = Vec::with_capacity(data.iter().map(|d| d.len() + 1).sum());
    for record in data {
        lines.extend(record.iter().copied().filter(|b| *b != b'\n'));
        lines.push(b'\n');
    }
    JsonReader::new(Cursor::new(lines))
        .with_json_format(JsonFormat::JsonLines)
        .with_schema(Arc::clone(schema))
        .finish()
        .map_err(|e| format!("a record is not a JSON object of the declared columns: {e}"))
}

impl Source for KinesisSource {
    fn next_batch(&mut self, max_rows: usize) -> Result<Option<DataFrame>, String> {
        if self.receiver.is_none() {
            self.start()?;
        }
        if let Some(receiver) = &self.receiver {
            while self.waiting.len() < max_rows {
                match receiver.try_recv() {
                    Ok(Ok(records)) => self.waiting.extend(records),
                    Ok(Err(message)) => return Err(message),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => break,
                }
            }
        }
        let take = self.waiting.len().min(max_rows);
        let taken: Vec<_> = self.waiting.drain(..take).collect();
        for (shard, sequence, _) in &taken {
            self.positions.insert(shard.clone(), sequence.clone());
        }
        let data: Vec<Vec<u8>> = taken.into_iter().map(|(_, _, data)| data).collect();
        let frame = records_frame(&data, &self.settings.schema)?;
        if self.checkpoint_written.elapsed() >= Duration::from_secs(1) {
            self.save_checkpoint()?;
        }
        // An empty frame: nothing has arrived yet; the runtime waits and asks again.
        Ok(Some(frame))
    }
}

impl Drop for KinesisSource {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.save_checkpoint();
    }
}

/// Records to put: (partition key, data).
type Keyed = Vec<(String, Vec<u8>)>;

/// Puts every event on a Kinesis stream as a JSON record.
pub struct KinesisSink {
    stream_name: String,
    partition_key: String,
    sender: Option<SyncSender<Keyed>>,
    done: Option<Receiver<Result<u64, String>>>,
    put: u64,
}

/// Records a `PutRecords` call takes at most.
const PUT_RECORDS_MAX: usize = 500;

async fn put_all(stream_name: String, batches: Receiver<Keyed>) -> Result<u64, String> {
    let client = client().await;
    let mut put = 0;
    while let Ok(records) = batches.recv() {
        for chunk in records.chunks(PUT_RECORDS_MAX) {
            let mut pending: Vec<PutRecordsRequestEntry> = chunk
                .iter()
                .map(|(key, data)| {
                    PutRecordsRequestEntry::builder()
                        .partition_key(key.clone())
                        .data(Blob::new(data.clone()))
                        .build()
                        .map_err(|e| e.to_string())
                })
                .collect::<Result<_, _>>()?;
            // Records the stream throttled are put again, a few times, then the sink fails.
            for attempt in 0..5 {
                let answer = client
                    .put_records()
                    .stream_name(&stream_name)
                    .set_records(Some(pending.clone()))
                    .send()
                    .await
                    .map_err(|e| {
                        format!("cannot put records on `{stream_name}`: {}", sdk_message(&e))
                    })?;
                let failed: Vec<PutRecordsRequestEntry> = answer
                    .records()
                    .iter()
                    .zip(&pending)
                    .filter(|(result, _)| result.error_code().is_some())
                    .map(|(_, entry)| entry.clone())
                    .collect();
                put += (pending.len() - failed.len()) as u64;
                if failed.is_empty() {
                    pending.clear();
                    break;
                }
                pending = failed;
                tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
            }
            if !pending.is_empty() {
                return Err(format!(
                    "{} records could not be put on `{stream_name}` after 5 attempts",
                    pending.len()
                ));
            }
        }
    }
    Ok(put)
}

impl KinesisSink {
    pub fn new(stream_name: &str, partition_key: &str) -> Self {
        Self {
            stream_name: stream_name.to_string(),
            partition_key: partition_key.to_string(),
            sender: None,
            done: None,
            put: 0,
        }
    }

    fn start(&mut self) -> Result<(), String> {
        let (sender, batches) = sync_channel(4);
        let (finished, done) = sync_channel(1);
        let name = self.stream_name.clone();
        std::thread::Builder::new()
            .name("sluice-kinesis-out".into())
            .spawn(move || {
                let result = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("cannot start the Kinesis client: {e}"))
                    .and_then(|runtime| runtime.block_on(put_all(name, batches)));
                let _ = finished.send(result);
            })
            .map_err(|e| format!("cannot start the Kinesis writer: {e}"))?;
        self.sender = Some(sender);
        self.done = Some(done);
        Ok(())
    }

    /// The writer's outcome, once it has ended.
    fn finished(&mut self, wait: bool) -> Result<(), String> {
        let Some(done) = &self.done else {
            return Ok(());
        };
        let outcome = if wait {
            done.recv().ok()
        } else {
            done.try_recv().ok()
        };
        match outcome {
            Some(Ok(put)) => {
                self.put = put;
                self.done = None;
                Ok(())
            }
            Some(Err(message)) => {
                self.done = None;
                Err(message)
            }
            None => Ok(()),
        }
    }
}

impl Sink for KinesisSink {
    fn write(&mut self, batch: &DataFrame) -> Result<(), String> {
        if batch.height() == 0 {
            return Ok(());
        }
        if self.sender.is_none() {
            self.start()?;
        }
        // A writer that stopped early says why.
        self.finished(false)?;
        let keys = batch
            .column(&self.partition_key)
            .and_then(|c| c.cast(&DataType::String))
            .and_then(|c| c.str().cloned())
            .map_err(|e| format!("column `{}`: {e}", self.partition_key))?;
        let mut rows = batch.drop_many([INGESTED_COLUMN]);
        let mut lines = Vec::new();
        JsonWriter::new(&mut lines)
            .with_json_format(JsonFormat::JsonLines)
            .finish(&mut rows)
            .map_err(|e| e.to_string())?;
        let records: Keyed = keys
            .iter()
            .zip(lines.split(|b| *b == b'\n'))
            .map(|(key, line)| (key.unwrap_or("null").to_string(), line.to_vec()))
            .collect();
        match &self.sender {
            Some(sender) => sender
                .send(records)
                .map_err(|_| "the Kinesis writer stopped".to_string()),
            None => Ok(()),
        }
    }

    fn close(&mut self) -> Result<(), String> {
        // Closing the channel lets the writer put what it holds and end.
        self.sender = None;
        self.finished(true)
    }

    fn counters(&self) -> Counters {
        vec![("records put".to_string(), self.put)]
    }
}
