//! Reading a file's rows, and turning their cells into the API's wire form.

use super::report::Reject;
use super::ImportError;
use app::domain::json;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::Read;

/// One CSV column: its header name, whether the header must have it, and its `--help` line.
pub(super) struct Column {
    pub(super) name: &'static str,
    pub(super) required: bool,
    pub(super) help: &'static str,
}

pub(super) const fn col(name: &'static str, required: bool, help: &'static str) -> Column {
    Column { name, required, help }
}

/// One data row: its line in the file and its non-empty cells by column.
pub(super) struct Row {
    pub(super) line: u64,
    cells: HashMap<&'static str, String>,
    /// Every column as sent, empty cells included: kept as an event's raw payload.
    pub(super) raw: Map<String, Value>,
}

impl Row {
    pub(super) fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(String::as_str)
    }
}

/// Reads the header and every row; a row whose shape is wrong is rejected, not fatal.
pub(super) fn read_rows(input: impl Read, columns: &[Column]) -> Result<(Vec<Row>, Vec<Reject>), ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let header = reader.headers()?.clone();
    let mut names: Vec<&'static str> = Vec::with_capacity(header.len());
    for name in header.iter() {
        let Some(column) = columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)) else {
            let known: Vec<_> = columns.iter().map(|c| c.name).collect();
            return Err(ImportError::Header(format!("unknown column {name:?}; the columns are {}", known.join(", "))));
        };
        if names.contains(&column.name) {
            return Err(ImportError::Header(format!("column {:?} appears twice", column.name)));
        }
        names.push(column.name);
    }
    let missing: Vec<_> = columns.iter().filter(|c| c.required && !names.contains(&c.name)).map(|c| c.name).collect();
    if !missing.is_empty() {
        return Err(ImportError::Header(format!("missing required column(s) {}", missing.join(", "))));
    }
    let (mut rows, mut rejects) = (Vec::new(), Vec::new());
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => match error.kind() {
                csv::ErrorKind::Utf8 { pos, .. } => {
                    let line = pos.as_ref().map_or(line, |p| p.line());
                    rejects.push(Reject { line, field: "row".into(), reason: "is not valid UTF-8".into() });
                    continue;
                }
                _ => return Err(error.into()),
            },
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.len() != names.len() {
            let reason = format!("has {} cells, the header has {}", record.len(), names.len());
            rejects.push(Reject { line, field: "row".into(), reason });
            continue;
        }
        let mut cells = HashMap::new();
        let mut raw = Map::new();
        for (name, cell) in names.iter().zip(record.iter()) {
            raw.insert((*name).to_owned(), Value::String(cell.to_owned()));
            if !cell.is_empty() {
                cells.insert(*name, cell.to_owned());
            }
        }
        rows.push(Row { line, cells, raw });
    }
    Ok((rows, rejects))
}

/// Why a row was refused: the column to blame and the reason.
pub(super) type RowError = (String, String);

pub(super) fn reject(line: u64, (field, reason): RowError) -> Reject {
    Reject { line, field, reason }
}

pub(super) fn text(row: &Row, object: &mut Map<String, Value>, key: &str, column: &str) {
    if let Some(cell) = row.get(column) {
        object.insert(key.to_owned(), Value::String(cell.to_owned()));
    }
}

pub(super) fn number_value(cell: &str, column: &str) -> Result<Value, RowError> {
    cell.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| (column.to_owned(), format!("{cell:?} is not a number")))
}

pub(super) fn number(row: &Row, object: &mut Map<String, Value>, key: &str, column: &str) -> Result<(), RowError> {
    if let Some(cell) = row.get(column) {
        object.insert(key.to_owned(), number_value(cell, column)?);
    }
    Ok(())
}

/// Reads a wire body by the API's own rule (`app::domain::json`): the field path at fault,
/// and why.
pub(super) fn parse_wire<T: serde::de::DeserializeOwned>(body: &Value) -> Result<T, (String, String)> {
    json::from_value(body, "").map_err(|error| {
        let field = if error.field.is_empty() { "row".to_owned() } else { error.field };
        (field, error.reason)
    })
}

pub(super) fn plain_reason(reason: &str) -> String {
    if reason.starts_with("missing field `") {
        "is required but empty".to_owned()
    } else {
        reason.to_owned()
    }
}
