//! Photos: recognised by their content (never by name or declared type), decoded, turned upright,
//! scaled to at most 2048 px, and re-encoded as JPEG. Re-encoding from pixels is what removes
//! EXIF, GPS and every other piece of metadata a phone writes: nothing but pixels survives.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

pub const MAX_SIDE: u32 = 2048;
pub const THUMB_SIDE: u32 = 320;
const JPEG_QUALITY: u8 = 82;
/// A decoded image larger than this (pixels) is refused rather than risk exhausting memory.
const MAX_PIXELS: u64 = 50_000_000;

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
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::Corrupt)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::Corrupt)?;
    img.apply_orientation(orientation);
    if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let thumb = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(Photo {
        jpeg: encode(&img),
        thumb: encode(&thumb),
        width: img.width(),
        height: img.height(),
    })
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
