//! `<name>.deploy.toml`: where and how a pipeline deploys to AWS, kept apart from the pipeline
//! (it names one account's bucket and role, so a workshop hand-out carries none, and it can be
//! left out of git). Never credentials: those come only from the AWS SDK's default chain
//! (environment, profile, SSO), and the SDK's own `AWS_REGION` and `AWS_ENDPOINT_URL` are
//! honoured when the file leaves the region or the endpoint out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file_format::{companion_path, read_if_present, write_atomically};

pub const DEPLOY_FORMAT_VERSION: i64 = 1;

/// Glue versions a job may run on (Glue 5.0: Spark 3.5, Python 3.11).
pub const GLUE_VERSIONS: &[&str] = &["3.0", "4.0", "5.0"];
/// Glue worker types (G.1X: 4 vCPU and 16 GB, one DPU).
pub const WORKER_TYPES: &[&str] = &["G.025X", "G.1X", "G.2X", "G.4X", "G.8X", "Z.2X"];
/// The tag every resource a deploy makes carries, with the pipeline's id.
pub const PIPELINE_TAG: &str = "sluice:pipeline";

/// Where and how to deploy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploySettings {
    pub format_version: i64,
    /// The region; the SDK's (`AWS_REGION`, the profile's) when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// A named profile of the AWS configuration; the default chain's when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The bucket scripts (and sample data, when asked) are uploaded to.
    pub bucket: String,
    /// The key prefix everything of this pipeline goes under, ending in `/`.
    pub prefix: String,
    /// The IAM role Glue jobs and crawlers run as.
    pub role_arn: String,
    pub glue_version: String,
    pub worker_type: String,
    pub workers: u32,
    /// An emulator's address (moto); AWS itself when left out (or the SDK's
    /// `AWS_ENDPOINT_URL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    /// Tags every resource gets, besides `sluice:pipeline`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

impl DeploySettings {
    /// Settings with the defaults: Glue 5.0, two G.1X workers, everything under
    /// `sluice/<pipeline>/`.
    pub fn with_defaults(pipeline: &str, bucket: &str, role_arn: &str) -> Self {
        Self {
            format_version: DEPLOY_FORMAT_VERSION,
            region: None,
            profile: None,
            bucket: bucket.to_string(),
            prefix: format!("sluice/{pipeline}/"),
            role_arn: role_arn.to_string(),
            glue_version: "5.0".into(),
            worker_type: "G.1X".into(),
            workers: 2,
            endpoint_url: None,
            tags: BTreeMap::new(),
        }
    }

    /// What is wrong with the settings, one sentence each, naming the key.
    pub fn problems(&self) -> Vec<String> {
        let mut found = Vec::new();
        if let Err(why) = check_bucket(&self.bucket) {
            found.push(format!("`bucket` {why}"));
        }
        if let Err(why) = check_role_arn(&self.role_arn) {
            found.push(format!("`role_arn` {why}"));
        }
        if let Some(region) = &self.region
            && !is_region(region)
        {
            found.push(format!(
                "`region` `{region}` is not a region name such as eu-west-1"
            ));
        }
        if !GLUE_VERSIONS.contains(&self.glue_version.as_str()) {
            found.push(format!(
                "`glue_version` is one of {}, not `{}`",
                GLUE_VERSIONS.join(", "),
                self.glue_version
            ));
        }
        if !WORKER_TYPES.contains(&self.worker_type.as_str()) {
            found.push(format!(
                "`worker_type` is one of {}, not `{}`",
                WORKER_TYPES.join(", "),
                self.worker_type
            ));
        }
        if self.workers < 2 {
            found.push(format!(
                "`workers` is at least 2 for a Spark job, not {}",
                self.workers
            ));
        }
        if self.prefix.starts_with('/') || !(self.prefix.is_empty() || self.prefix.ends_with('/')) {
            found.push(format!(
                "`prefix` `{}` must not start with / and must end with /",
                self.prefix
            ));
        }
        if let Some(url) = &self.endpoint_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            found.push(format!(
                "`endpoint_url` `{url}` is not an http:// or https:// address"
            ));
        }
        for (key, value) in &self.tags {
            if key.is_empty() || key.chars().count() > 128 || value.chars().count() > 256 {
                found.push(format!(
                    "tag `{key}`: keys are 1-128 characters and values at most 256"
                ));
            }
            if key.to_lowercase().starts_with("aws:") || key == PIPELINE_TAG {
                found.push(format!(
                    "tag `{key}` is reserved (AWS keeps `aws:` tags; Sluice sets `{PIPELINE_TAG}` itself)"
                ));
            }
        }
        found
    }
}

/// S3's bucket naming rules: 3-63 characters of lowercase letters, digits, dots and hyphens,
/// starting and ending with a letter or digit, not shaped like an IP address.
fn check_bucket(name: &str) -> Result<(), String> {
    let length = name.len();
    if !(3..=63).contains(&length) {
        return Err(format!("`{name}` must be 3 to 63 characters long"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(format!(
            "`{name}` may hold only lowercase letters, digits, dots and hyphens"
        ));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err(format!(
            "`{name}` must start and end with a letter or a digit"
        ));
    }
    if name.contains("..") {
        return Err(format!("`{name}` must not hold two dots in a row"));
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return Err(format!("`{name}` must not be shaped like an IP address"));
    }
    if name.starts_with("xn--") || name.ends_with("-s3alias") {
        return Err(format!("`{name}` uses a prefix or suffix S3 reserves"));
    }
    Ok(())
}

/// `arn:PARTITION:iam::ACCOUNT:role/NAME`, with a 12-digit account.
fn check_role_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let shaped = parts.len() == 6
        && parts[0] == "arn"
        && ["aws", "aws-cn", "aws-us-gov"].contains(&parts[1])
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("role/")
            .is_some_and(|name| !name.is_empty());
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "`{arn}` is not a role ARN such as arn:aws:iam::123456789012:role/GlueJobRole"
        ))
    }
}

fn is_region(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The settings file beside pipeline `pipeline_file`: `shop.sluice.toml` -> `shop.deploy.toml`.
pub fn deploy_settings_path_for(pipeline_file: &Path) -> PathBuf {
    companion_path(pipeline_file, "deploy")
}

/// Why a settings file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DeploySettingsError {
    #[error(
        "there is no `{}`; write one with `sluice deploy init PIPELINE --bucket NAME --role ARN`",
        path.display()
    )]
    Missing { path: PathBuf },
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` is not deploy settings: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("`{}`: {}", path.display(), problems.join("; "))]
    Invalid {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Keys that would hold credentials, refused with the reason.
const CREDENTIAL_KEYS: &[&str] = &[
    "aws_access_key_id",
    "aws_secret_access_key",
    "access_key",
    "secret_key",
    "secret_access_key",
    "session_token",
    "aws_session_token",
    "password",
];

/// A key anywhere in the file (tags included) that would hold a credential.
fn credential_key(table: &toml::Table) -> Option<String> {
    table.iter().find_map(|(key, value)| {
        if CREDENTIAL_KEYS.contains(&key.to_lowercase().as_str()) {
            Some(key.clone())
        } else if let toml::Value::Table(inner) = value {
            credential_key(inner)
        } else {
            None
        }
    })
}

/// Reads and checks a settings file.
pub fn load_deploy_settings(path: &Path) -> Result<DeploySettings, DeploySettingsError> {
    let text = read_if_present(path)
        .map_err(|source| DeploySettingsError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .ok_or_else(|| DeploySettingsError::Missing {
            path: path.to_path_buf(),
        })?;
    let parse = |message: String| DeploySettingsError::Parse {
        path: path.to_path_buf(),
        message,
    };
    if let Ok(table) = text.parse::<toml::Table>()
        && let Some(key) = credential_key(&table)
    {
        return Err(parse(format!(
            "`{key}`: credentials are never kept in a file; the AWS SDK's default chain finds them (environment variables, a profile, SSO)"
        )));
    }
    let settings: DeploySettings = toml::from_str(&text).map_err(|e| parse(e.to_string()))?;
    if settings.format_version > DEPLOY_FORMAT_VERSION {
        return Err(parse(format!(
            "written by a newer Sluice (format {})",
            settings.format_version
        )));
    }
    let problems = settings.problems();
    if !problems.is_empty() {
        return Err(DeploySettingsError::Invalid {
            path: path.to_path_buf(),
            problems,
        });
    }
    Ok(settings)
}

/// Writes a settings file canonically and atomically.
pub fn save_deploy_settings(
    path: &Path,
    settings: &DeploySettings,
) -> Result<(), DeploySettingsError> {
    let body = toml::to_string(settings).map_err(|e| DeploySettingsError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let text = format!(
        "# Where this pipeline deploys to AWS. No credentials here: the AWS SDK's default chain finds\n# them. This file names one account's bucket and role; keep it out of shared hand-outs.\n{body}"
    );
    write_atomically(path, text.as_bytes()).map_err(|source| DeploySettingsError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLE: &str = "arn:aws:iam::123456789012:role/GlueJobRole";

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        let settings = DeploySettings::with_defaults("shop", "my-lake", ROLE);
        assert!(settings.problems().is_empty(), "{:?}", settings.problems());
        let bad = DeploySettings {
            bucket: "My_Lake".into(),
            role_arn: "GlueJobRole".into(),
            region: Some("europe".into()),
            glue_version: "2.0".into(),
            worker_type: "G.3X".into(),
            workers: 1,
            prefix: "/x".into(),
            endpoint_url: Some("localhost:5000".into()),
            tags: [("aws:owner".to_string(), "me".to_string())].into(),
            ..settings
        };
        let problems = bad.problems().join("\n");
        for key in [
            "`bucket`",
            "`role_arn`",
            "`region`",
            "`glue_version`",
            "`worker_type`",
            "`workers`",
            "`prefix`",
            "`endpoint_url`",
            "tag `aws:owner`",
        ] {
            assert!(problems.contains(key), "{key} in {problems}");
        }
    }

    #[test]
    fn bucket_names_follow_s3s_rules() {
        for good in ["abc", "my.lake-2026", "a1b"] {
            assert!(check_bucket(good).is_ok(), "{good}");
        }
        for bad in [
            "ab",
            "-lake",
            "lake-",
            "my..lake",
            "192.168.1.1",
            "xn--lake",
            "UPPER",
        ] {
            assert!(check_bucket(bad).is_err(), "{bad}");
        }
        assert!(is_region("us-east-1") && is_region("ap-southeast-2") && !is_region("us-east"));
    }

    #[test]
    fn a_file_round_trips_and_credentials_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = deploy_settings_path_for(&dir.path().join("shop.sluice.toml"));
        assert!(path.ends_with("shop.deploy.toml"));
        assert!(matches!(
            load_deploy_settings(&path),
            Err(DeploySettingsError::Missing { .. })
        ));
        let mut settings = DeploySettings::with_defaults("shop", "my-lake", ROLE);
        settings.tags.insert("team".into(), "data".into());
        save_deploy_settings(&path, &settings).unwrap();
        assert_eq!(load_deploy_settings(&path).unwrap(), settings);
        let text = std::fs::read_to_string(&path).unwrap();
        // Anywhere in the file, tags included.
        std::fs::write(&path, format!("{text}aws_secret_access_key = \"x\"\n")).unwrap();
        let error = load_deploy_settings(&path).unwrap_err().to_string();
        assert!(
            error.contains("credentials are never kept in a file"),
            "{error}"
        );
        std::fs::write(&path, text.replace("workers = 2", "wokers = 2")).unwrap();
        let error = load_deploy_settings(&path).unwrap_err().to_string();
        assert!(error.contains("wokers"), "{error}");
    }
}
