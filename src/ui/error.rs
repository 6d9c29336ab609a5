//! Why a picture of the canvas could not be made or written.

use std::path::PathBuf;

use crate::model::file_format::LoadError;

/// A picture (PNG export, `--screenshot`) that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("the pipeline has no nodes to draw")]
    NoNodes,
    #[error("the pipeline's nodes have no size")]
    NoSize,
    #[error("nothing was drawn")]
    NothingDrawn,
    #[error("the picture is {width}x{height} pixels, too large to write")]
    TooLarge { width: usize, height: usize },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: image::ImageError,
    },
    #[error("cannot write {}: {source}", path.display())]
    WriteText {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
}
