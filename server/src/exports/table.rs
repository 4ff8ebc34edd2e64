//! A table written as it is read: a header, then rows of typed cells, as CSV (UTF-8 with a BOM
//! for Excel, RFC 4180 quoting, formulas defused) or as an `.xlsx` workbook (typed cells, real
//! dates, a frozen header row), with the bytes taken in chunks while rows keep coming.

use super::zip::ZipWriter;
use domain::Date;
use std::fmt::Write as _;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A number with a fraction (a percentage, a mean).
    Num(f64),
    /// A moment (Unix seconds), shown as its date and time in WIB.
    At(i64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map(|s| Cell::Text(s.into())).unwrap_or(Cell::Empty)
    }
    pub fn opt_at(t: Option<i64>) -> Cell {
        t.map(Cell::At).unwrap_or(Cell::Empty)
    }
}

/// WIB is UTC+7, all year.
const WIB: i64 = 7 * 3600;

/// "2026-12-21 10:00" (WIB).
pub fn wib_text(at: i64) -> String {
    let d = Date::from_unix_wib(at);
    let (y, m, day) = d.ymd();
    let secs = (at + WIB).rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{day:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// Excel's serial date of a moment in WIB (days since 30 December 1899).
fn serial(at: i64) -> f64 {
    (at + WIB) as f64 / 86_400.0 + 25_569.0
}

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(ext: &str) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A CSV or a workbook of one sheet, being written.
pub enum Table {
    Csv(Vec<u8>),
    Xlsx(Sheet),
}

/// Chunks of this size go to the client.
pub const CHUNK: usize = 64 * 1024;

impl Table {
    pub fn new(format: Format, sheet: &str, header: &[&str]) -> Table {
        match format {
            Format::Csv => {
                let mut out = "\u{feff}".as_bytes().to_vec();
                let cells: Vec<Cell> = header.iter().map(|h| Cell::text(*h)).collect();
                csv_row(&mut out, &cells);
                Table::Csv(out)
            }
            Format::Xlsx => Table::Xlsx(Sheet::new(sheet, header)),
        }
    }

    pub fn row(&mut self, cells: &[Cell]) {
        match self {
            Table::Csv(out) => csv_row(out, cells),
            Table::Xlsx(s) => s.row(cells),
        }
    }

    /// The bytes ready to send, once there are at least a chunk of them.
    pub fn chunk(&mut self) -> Option<Vec<u8>> {
        match self {
            Table::Csv(out) if out.len() >= CHUNK => Some(std::mem::take(out)),
            Table::Csv(_) => None,
            Table::Xlsx(s) => s.chunk(),
        }
    }

    /// The last bytes.
    pub fn finish(self) -> Vec<u8> {
        match self {
            Table::Csv(out) => out,
            Table::Xlsx(s) => s.finish(),
        }
    }
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// before one) is written with a leading apostrophe.
pub fn defused(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn csv_row(out: &mut Vec<u8>, cells: &[Cell]) {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let v: std::borrow::Cow<str> = match c {
            Cell::Empty => "".into(),
            Cell::Text(s) => defused(s),
            Cell::Int(n) => n.to_string().into(),
            Cell::Num(x) => domain::text::fmt_fixed(*x, 1).into(),
            Cell::At(t) => wib_text(*t).into(),
        };
        if v.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&v.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&v);
        }
    }
    line.push_str("\r\n");
    out.extend_from_slice(line.as_bytes());
}

/// Text as XML character data: escaped, and without the control characters XML forbids.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// "A", "B", … "Z", "AA", …
fn column(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Styles (`xl/styles.xml`'s `cellXfs`): 0 plain, 1 date and time, 2 one decimal, 3 bold.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A workbook of one sheet: the fixed parts first, then the sheet's rows as they come (inline
/// strings, so nothing is collected for a shared-string table), the sheet closed at the end.
pub struct Sheet {
    zip: ZipWriter,
    buf: String,
    rows: usize,
}

impl Sheet {
    fn new(name: &str, header: &[&str]) -> Sheet {
        let mut zip = ZipWriter::new();
        for (part, body) in [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", ROOT_RELS.to_string()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
            ("xl/styles.xml", STYLES.to_string()),
            (
                "xl/workbook.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                    xml_text(name)
                ),
            ),
        ] {
            zip.start(part);
            zip.write(body.as_bytes());
        }
        zip.start("xl/worksheets/sheet1.xml");
        let mut s = Sheet {
            zip,
            buf: String::with_capacity(CHUNK * 2),
            rows: 0,
        };
        s.buf.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>"#);
        for (i, h) in header.iter().enumerate() {
            let width = (h.chars().count() + 4).clamp(10, 40);
            let _ = write!(
                s.buf,
                r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#,
                n = i + 1
            );
        }
        s.buf.push_str("</cols><sheetData>");
        let cells: Vec<Cell> = header.iter().map(|h| Cell::text(*h)).collect();
        s.put_row(&cells, true);
        s
    }

    fn put_row(&mut self, cells: &[Cell], header: bool) {
        self.rows += 1;
        let r = self.rows;
        let _ = write!(self.buf, r#"<row r="{r}">"#);
        for (i, c) in cells.iter().enumerate() {
            let at = format!("{}{r}", column(i));
            let _ = match c {
                Cell::Empty => Ok(()),
                Cell::Text(t) => write!(
                    self.buf,
                    r#"<c r="{at}" t="inlineStr"{}><is><t xml:space="preserve">{}</t></is></c>"#,
                    if header { r#" s="3""# } else { "" },
                    xml_text(t)
                ),
                Cell::Int(n) => write!(self.buf, r#"<c r="{at}"><v>{n}</v></c>"#),
                Cell::Num(x) if x.is_finite() => {
                    write!(self.buf, r#"<c r="{at}" s="2"><v>{x:?}</v></c>"#)
                }
                Cell::Num(_) => Ok(()),
                Cell::At(t) => write!(self.buf, r#"<c r="{at}" s="1"><v>{}</v></c>"#, serial(*t)),
            };
        }
        self.buf.push_str("</row>");
        if self.buf.len() >= CHUNK {
            self.zip.write(self.buf.as_bytes());
            self.buf.clear();
        }
    }

    fn row(&mut self, cells: &[Cell]) {
        self.put_row(cells, false);
    }

    fn chunk(&mut self) -> Option<Vec<u8>> {
        (self.zip.pending() >= CHUNK).then(|| self.zip.take())
    }

    fn finish(mut self) -> Vec<u8> {
        self.buf.push_str("</sheetData></worksheet>");
        self.zip.write(self.buf.as_bytes());
        self.zip.finish();
        self.zip.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_doubled() {
        let mut out = Vec::new();
        csv_row(
            &mut out,
            &[
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::text("+62 812"),
                Cell::text("a,b"),
                Cell::Int(-3),
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"'=HYPERLINK(\"\"x\"\")\",'+62 812,\"a,b\",-3\r\n"
        );
        assert_eq!(column(0), "A");
        assert_eq!(column(26), "AA");
        assert_eq!(xml_text("a<b&\u{1}c"), "a&lt;b&amp;c");
    }
}
