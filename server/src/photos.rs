//! Photos: recognised by their content (never by name or declared type), decoded, turned upright,
//! scaled to at most 2048 px, and re-encoded as JPEG. Re-encoding from pixels is what removes
//! EXIF, GPS and every other piece of metadata a phone writes: nothing but pixels survives.
//!
//! Decoding is what a stranger can make expensive (a small PNG can unpack to gigabytes), so its
//! cost is bounded twice: an image is refused before decoding when its pixels times bytes per
//! pixel exceed `DECODE_BUDGET`, and decoding runs in a `WorkQueue` (a few at once); a request
//! that would wait too long in that queue gets a 503 instead.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

pub const MAX_SIDE: u32 = 2048;
pub const THUMB_SIDE: u32 = 320;
const JPEG_QUALITY: u8 = 82;
/// The most memory one decoded image may take (a 48-megapixel phone photo is 144 MB as RGB).
pub const DECODE_BUDGET: u64 = 160 * 1024 * 1024;
/// The most pixels an image may have, whatever its format (the message names this number).
pub const MAX_MEGAPIXELS: u64 = 50;

#[derive(Debug, Clone)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoError {
    NotAnImage,
    Corrupt,
    TooManyPixels,
}

/// The MIME type the bytes really are, if they are one of the accepted image formats.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match image::guess_format(bytes).ok()? {
        ImageFormat::Jpeg => Some("image/jpeg"),
        ImageFormat::Png => Some("image/png"),
        ImageFormat::WebP => Some("image/webp"),
        _ => None,
    }
}

fn encode(img: &DynamicImage) -> Vec<u8> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    enc.encode_image(&rgb)
        .expect("encoding RGB8 to an in-memory JPEG cannot fail");
    out
}

/// Decodes, rotates upright by the EXIF orientation, scales and re-encodes. CPU-bound: call it
/// from a blocking thread.
pub fn process(bytes: &[u8]) -> Result<Photo, PhotoError> {
    Ok(photo(decode(bytes)?))
}

/// An image as stored: the JPEG and its thumbnail.
fn photo(img: DynamicImage) -> Photo {
    Photo {
        jpeg: encode(&img),
        thumb: encode(&img.thumbnail(THUMB_SIDE, THUMB_SIDE)),
        width: img.width(),
        height: img.height(),
    }
}

/// A stored photo's thumbnail, drawn anew (a photo put back as it arrived).
pub fn thumbnail(stored: &[u8]) -> Result<Vec<u8>, PhotoError> {
    Ok(encode(&decode(stored)?.thumbnail(THUMB_SIDE, THUMB_SIDE)))
}

/// Decodes within the budget, scaled to `MAX_SIDE` and upright.
fn decode(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::NotAnImage),
    };
    if format == ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err(PhotoError::Corrupt);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(DECODE_BUDGET + 16 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::Corrupt)?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_MEGAPIXELS * 1_000_000
        || pixels * u64::from(decoder.color_type().bytes_per_pixel()) > DECODE_BUDGET
    {
        return Err(PhotoError::TooManyPixels);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::Corrupt)?;
    if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        // Area averaging straight into the small image: no full-size float copy.
        img = img.thumbnail(MAX_SIDE, MAX_SIDE);
    }
    img.apply_orientation(orientation);
    Ok(img)
}

/// A stored photo (already cleaned by `process`) with `regions` painted black, re-encoded with a
/// new thumbnail drawn from the blacked-out pixels. CPU-bound: call it from a blocking thread.
pub fn black_out(
    stored: &[u8],
    regions: &[domain::redaction::Region],
) -> Result<Photo, PhotoError> {
    let mut img = decode(stored)?.to_rgb8();
    let (w, h) = img.dimensions();
    for r in regions {
        let (x0, y0, x1, y1) = r.pixels(w, h);
        for y in y0..y1 {
            for x in x0..x1 {
                img.put_pixel(x, y, image::Rgb([0, 0, 0]));
            }
        }
    }
    Ok(photo(DynamicImage::ImageRgb8(img)))
}

/// A JPEG that ends before its end-of-image marker was cut off in transit; decoders fill the
/// missing part with grey, so it is refused instead of stored two-thirds grey. The marker
/// segments are walked (an EXIF thumbnail inside APP1 has an end marker of its own) up to the
/// first scan; the end marker must follow it. Phones may append data after it (motion photos).
fn jpeg_complete(b: &[u8]) -> bool {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut i = 2;
    while i + 1 < b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let mut j = i + 1;
        while j < b.len() && b[j] == 0xFF {
            j += 1;
        }
        let Some(&marker) = b.get(j) else {
            return false;
        };
        match marker {
            0x01 | 0xD0..=0xD8 => i = j + 1,
            0xD9 => return false,
            0xDA => return b[j + 1..].windows(2).any(|w| w == [0xFF, 0xD9]),
            _ => {
                let Some(len) = b.get(j + 1..j + 3) else {
                    return false;
                };
                i = j + 1 + usize::from(u16::from_be_bytes([len[0], len[1]]));
            }
        }
    }
    false
}

impl Photo {
    /// As a file to store with a report or an answer.
    pub fn into_file(self) -> crate::store::NewFile {
        crate::store::NewFile {
            content_type: "image/jpeg",
            width: self.width,
            height: self.height,
            data: self.jpeg,
            thumb: self.thumb,
        }
    }
}
