//! The pipeline document: nodes, ports, edges, requirements, layout and the file format.
//!
//! Pure data and the edits that keep its invariants. Nothing here knows Polars, egui, AWS or tokio;
//! the engine, the window and the command line all build on these types.

pub mod auto_layout;
pub mod catalog;
pub mod code;
pub mod deploy_settings;
pub mod diagnostic;
pub mod document;
pub mod dqdl;
pub mod duration;
pub mod edit;
pub mod file_format;
pub mod graph;
pub mod help;
pub mod history;
pub mod ident;
pub mod kinds;
pub mod lesson;
pub mod param;
pub mod port;
pub mod requirement;
pub mod suggest;
pub mod timing;

pub use code::Code;
pub use diagnostic::{Diagnostic, Severity, TextLocation};
pub use document::{Node, Pipeline, Position, Requirement};
pub use ident::{Ident, IdentError};
pub use kinds::{Category, KindId, KindSpec, catalogue, kind_spec};
pub use param::{ParamType, ParamValue, PathAccess};
pub use port::{InputPorts, OutputPort, OutputPorts, OutputRef, PortType};
