//! CSV data files, read with the `csv` crate: a header line, then one row per record (quoted
//! fields, doubled quotes, CRLF or LF; blank lines skipped). A record's place is the line it
//! starts on. Fields are parsed straight from the reader's buffer: no `String` per field.

use super::table::{Cell, Table};

/// Reads a CSV data file with `delimiter` between fields.
pub(super) fn read(text: &str, delimiter: u8) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(line) = unclosed_quote(text) {
        return Err(format!("line {line}: a quoted field is not closed"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let read = |reader: &mut csv::Reader<&[u8]>, record: &mut csv::StringRecord| {
        reader
            .read_record(record)
            .map_err(|e| format!("not valid CSV: {e}"))
    };
    if !read(&mut reader, &mut record)? {
        return Err("the file is empty; expected a header line".into());
    }
    let header = record.iter().map(|h| h.trim().to_string()).collect();
    let mut table = Table::new(header, false);
    // Lines counted from byte offsets (the reader's own count misses CRLF line ends).
    let (mut line, mut counted) = (1, 0);
    while read(&mut reader, &mut record)? {
        // A line holding nothing but white space is no row.
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        // The reader places a record after a CRLF at its LF: skip line ends to its first byte.
        let mut start = record.position().map_or(counted, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if let Some(skipped) = text.as_bytes().get(counted..start) {
            line += line_breaks(skipped);
            counted = start;
        }
        if table.is_full() {
            table.cut = true;
            break;
        }
        table.push_row(line, record.iter().map(Cell::parse));
    }
    Ok(table)
}

/// Line breaks in `bytes`: LF, CRLF, or a CR alone (old Mac files).
fn line_breaks(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The line of a quote that opens a field and is never closed (the `csv` crate would read the
/// rest of the file into that field).
fn unclosed_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut quoted, mut field_start, mut opened_at, mut line) = (false, true, 0, 1);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            opened_at = line;
        } else {
            field_start = matches!(b, b',' | b';' | b'\t' | b'\n' | b'\r');
            i += 1;
            continue;
        }
        field_start = false;
        i += 1;
    }
    quoted.then_some(opened_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::columns::{Column, DataTable};
    use crate::data::table::named;

    #[test]
    fn quotes_line_ends_and_blank_lines() {
        let t = named(read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n3,4", b',').unwrap());
        assert_eq!(
            t.cells("a").unwrap(),
            Column::Texts(vec!["x, y".into(), "3".into()])
        );
        assert_eq!(
            t.numbers("b").unwrap_err(),
            "t.csv:2, column \"b\": expected a number, found \"say \"hi\"\""
        );
        assert_eq!(t.table.rows(), 2);
    }

    #[test]
    fn records_are_placed_at_their_first_line() {
        let t = named(read("a,b\n\"multi\nline\",1\nx,oops\n", b',').unwrap());
        assert_eq!(
            t.numbers("b").unwrap_err(),
            "t.csv:4, column \"b\": expected a number, found \"oops\""
        );
    }

    #[test]
    fn unclosed_quotes_and_empty_files_are_errors() {
        assert_eq!(
            read("a\n\"open", b',').unwrap_err(),
            "line 2: a quoted field is not closed"
        );
        assert!(read("", b',').unwrap_err().contains("empty"));
        assert!(read("a,b\n1,\"x\"\"y\"\n", b',').is_ok());
    }

    #[test]
    fn carriage_returns_alone_end_lines_too() {
        let t = named(read("a,b\r1,2\r3,x\r", b',').unwrap());
        assert_eq!(t.numbers("a").unwrap(), vec![1.0, 3.0]);
        assert_eq!(
            t.numbers("b").unwrap_err(),
            "t.csv:3, column \"b\": expected a number, found \"x\""
        );
    }

    #[test]
    fn a_bom_and_other_delimiters() {
        let t = named(read("\u{feff}a;b\n1;2\n", b';').unwrap());
        assert_eq!(t.numbers("b").unwrap(), vec![2.0]);
        let t = named(read("a\tb\n1\t2\n", b'\t').unwrap());
        assert_eq!(t.numbers("a").unwrap(), vec![1.0]);
    }

    #[test]
    fn reading_stops_past_the_points_limit() {
        let max = crate::chart::limits::MAX_POINTS;
        let text: String = std::iter::once("v\n".to_string())
            .chain((0..max + 5).map(|i| format!("{i}\n")))
            .collect();
        let t = named(read(&text, b',').unwrap());
        assert_eq!(t.table.rows(), max);
        assert_eq!(
            t.numbers("v").unwrap_err(),
            format!("t.csv has more than {max} rows; a series holds at most {max} points")
        );
        let exact: String = std::iter::once("v\n".to_string())
            .chain((0..max).map(|i| format!("{i}\n")))
            .collect();
        assert_eq!(
            named(read(&exact, b',').unwrap())
                .numbers("v")
                .unwrap()
                .len(),
            max
        );
    }
}
