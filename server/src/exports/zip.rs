//! A zip archive written front to back (what an `.xlsx` is): each entry deflated as its bytes
//! come, its size and checksum in a data descriptor after it, the directory at the end. What is
//! written so far is taken with `take` and sent on; nothing but the directory's few bytes per
//! entry is kept. No zip64: an entry stays under 4 GiB (a sheet of a million rows does).

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};
use std::io::Write;

struct Entry {
    name: String,
    offset: u32,
    crc: u32,
    compressed: u32,
    size: u32,
}

struct Open {
    name: String,
    offset: u32,
    crc: Crc,
    deflate: DeflateEncoder<Vec<u8>>,
    compressed: u64,
}

pub struct ZipWriter {
    out: Vec<u8>,
    written: u64,
    entries: Vec<Entry>,
    open: Option<Open>,
}

/// General purpose flags: sizes in a data descriptor (bit 3), UTF-8 names (bit 11).
const FLAGS: u16 = 0x0808;
const DEFLATE: u16 = 8;
/// 1 January 2026, 00:00, in DOS time and date (the parts carry no meaningful time).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = ((2026 - 1980) << 9) | (1 << 5) | 1;

impl Default for ZipWriter {
    fn default() -> Self {
        ZipWriter::new()
    }
}

impl ZipWriter {
    pub fn new() -> ZipWriter {
        ZipWriter {
            out: Vec::with_capacity(1 << 16),
            written: 0,
            entries: Vec::new(),
            open: None,
        }
    }

    fn put(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
        self.written += b.len() as u64;
    }

    /// Starts an entry (closing the one before).
    pub fn start(&mut self, name: &str) {
        self.end_entry();
        let offset = self.written as u32;
        let mut h = Vec::with_capacity(30 + name.len());
        h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        h.extend_from_slice(&20u16.to_le_bytes());
        h.extend_from_slice(&FLAGS.to_le_bytes());
        h.extend_from_slice(&DEFLATE.to_le_bytes());
        h.extend_from_slice(&DOS_TIME.to_le_bytes());
        h.extend_from_slice(&DOS_DATE.to_le_bytes());
        h.extend_from_slice(&[0; 12]); // crc, sizes: in the data descriptor
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        h.extend_from_slice(name.as_bytes());
        self.put(&h);
        self.open = Some(Open {
            name: name.to_string(),
            offset,
            crc: Crc::new(),
            deflate: DeflateEncoder::new(Vec::new(), Compression::fast()),
            compressed: 0,
        });
    }

    /// Adds bytes to the open entry.
    pub fn write(&mut self, b: &[u8]) {
        let Some(o) = self.open.as_mut() else {
            return;
        };
        o.crc.update(b);
        // Writing into a Vec cannot fail.
        let _ = o.deflate.write_all(b);
        let done = std::mem::take(o.deflate.get_mut());
        o.compressed += done.len() as u64;
        self.put(&done);
    }

    fn end_entry(&mut self) {
        let Some(o) = self.open.take() else {
            return;
        };
        let rest = o.deflate.finish().unwrap_or_default();
        let compressed = o.compressed + rest.len() as u64;
        self.put(&rest);
        let e = Entry {
            name: o.name,
            offset: o.offset,
            crc: o.crc.sum(),
            compressed: compressed as u32,
            size: o.crc.amount(),
        };
        let mut d = Vec::with_capacity(16);
        d.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        d.extend_from_slice(&e.crc.to_le_bytes());
        d.extend_from_slice(&e.compressed.to_le_bytes());
        d.extend_from_slice(&e.size.to_le_bytes());
        self.put(&d);
        self.entries.push(e);
    }

    /// Closes the last entry and writes the directory.
    pub fn finish(&mut self) {
        self.end_entry();
        let start = self.written as u32;
        let mut d = Vec::new();
        for e in &self.entries {
            d.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            d.extend_from_slice(&20u16.to_le_bytes()); // made by
            d.extend_from_slice(&20u16.to_le_bytes()); // needed
            d.extend_from_slice(&FLAGS.to_le_bytes());
            d.extend_from_slice(&DEFLATE.to_le_bytes());
            d.extend_from_slice(&DOS_TIME.to_le_bytes());
            d.extend_from_slice(&DOS_DATE.to_le_bytes());
            d.extend_from_slice(&e.crc.to_le_bytes());
            d.extend_from_slice(&e.compressed.to_le_bytes());
            d.extend_from_slice(&e.size.to_le_bytes());
            d.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            d.extend_from_slice(&[0; 12]); // extra, comment, disk, internal and external attributes
            d.extend_from_slice(&e.offset.to_le_bytes());
            d.extend_from_slice(e.name.as_bytes());
        }
        let size = d.len() as u32;
        let n = self.entries.len() as u16;
        d.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        d.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        d.extend_from_slice(&n.to_le_bytes());
        d.extend_from_slice(&n.to_le_bytes());
        d.extend_from_slice(&size.to_le_bytes());
        d.extend_from_slice(&start.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        self.put(&d);
    }

    /// The bytes written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    pub fn pending(&self) -> usize {
        self.out.len()
    }
}
