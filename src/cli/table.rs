//! Plain-text tables for the terminal: aligned columns, long cells shortened with "…".

/// The widest a cell is shown, in characters.
const MAX_CELL_CHARS: usize = 32;

/// Renders rows under a header, columns padded to their widest cell.
pub fn render(header: &[String], rows: &[Vec<String>]) -> String {
    let shorten = |text: &str| -> String {
        let single_line = text.replace(['\n', '\r'], " ");
        if single_line.chars().count() > MAX_CELL_CHARS {
            let kept: String = single_line.chars().take(MAX_CELL_CHARS - 1).collect();
            format!("{kept}…")
        } else {
            single_line
        }
    };
    let header: Vec<String> = header.iter().map(|h| shorten(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| shorten(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<width$}", width = widths.get(i).copied().unwrap_or(0)))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = line(&header);
    out.push('\n');
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}
