//! Photos: recognised by content, re-encoded without EXIF/GPS, shrunk, with thumbnails.

use crate::both_stores;
use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use serde_json::json;

const SENTINEL: &[u8] = b"NATUNA-GPS-SENTINEL";

/// A JPEG of `w`×`h` carrying an EXIF block with a GPS IFD and a description holding SENTINEL.
pub fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 80)
        .encode_image(&img)
        .unwrap();
    // TIFF (big-endian): IFD0 with ImageDescription (ASCII) and a GPS IFD pointer; GPS IFD with
    // GPSLatitudeRef = "N".
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let desc_off = 8 + 2 + 2 * 12 + 4;
    let gps_off = desc_off + SENTINEL.len() as u32 + 1;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x0e, 0x00, 0x02]);
    tiff.extend_from_slice(&(SENTINEL.len() as u32 + 1).to_be_bytes());
    tiff.extend_from_slice(&desc_off.to_be_bytes());
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1]);
    tiff.extend_from_slice(&gps_off.to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(SENTINEL);
    tiff.push(0);
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xff, 0xe1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([10, 200, 30, 255]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn form(report: &serde_json::Value, photos: Vec<(Vec<u8>, &str)>) -> Form {
    let mut f = Form::new().part(
        "report",
        Part::text(report.to_string())
            .mime_str("application/json")
            .unwrap(),
    );
    for (bytes, name) in photos {
        f = f.part("photo", Part::bytes(bytes).file_name(name.to_string()));
    }
    f
}

fn has(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

both_stores! {
    async fn photos_lose_exif_and_gps_are_shrunk_and_get_thumbnails(db: Db) {
        let app = TestApp::spawn(db).await;
        let original = jpeg_with_exif(3000, 1200);
        assert!(has(&original, SENTINEL) && has(&original, b"Exif"), "the fixture carries EXIF");
        // Named .txt on purpose: the type is read from the content.
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form(&valid_report(), vec![(original, "foto.txt"), (png(400, 300), "b.png")])).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let created: serde_json::Value = r.json().await.unwrap();
        let (_, v) = app.report(created["tracking_code"].as_str().unwrap()).await;
        let photos = v["photos"].as_array().unwrap();
        assert_eq!(photos.len(), 2);
        let big = app.get(photos[0]["url"].as_str().unwrap()).await;
        assert_eq!(big.headers()["content-type"], "image/jpeg");
        let big = big.bytes().await.unwrap();
        assert!(!has(&big, SENTINEL), "EXIF description survived");
        assert!(!has(&big, b"Exif"), "an EXIF block survived");
        let decoded = image::load_from_memory(&big).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (2048, 819));
        let thumb = app.get(photos[0]["thumb_url"].as_str().unwrap()).await.bytes().await.unwrap();
        let t = image::load_from_memory(&thumb).unwrap();
        assert!(t.width() <= 320 && t.height() <= 320);
        assert_eq!(image::guess_format(&app.get(photos[1]["url"].as_str().unwrap()).await.bytes().await.unwrap()).unwrap(), image::ImageFormat::Jpeg);
    }
}

both_stores! {
    async fn a_file_that_is_not_an_image_gets_a_specific_error_and_nothing_is_stored(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form(&valid_report(), vec![(b"%PDF-1.4 not a photo".to_vec(), "foto.jpg")])).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["attachments"].as_str().unwrap().contains("bukan gambar"));
        // A truncated JPEG: looks like one, cannot be decoded.
        let mut broken = jpeg_with_exif(200, 200);
        broken.truncate(300);
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form(&valid_report(), vec![(broken, "x.jpg")])).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["attachments"].as_str().unwrap().contains("rusak"));
        assert_eq!(app.list("").await["total"], 0);
    }
}

both_stores! {
    async fn too_many_or_too_large_photos_are_refused_with_the_limit(db: Db) {
        let app = TestApp::spawn_with(db, &[("MAX_PHOTO_MB", "1")]).await;
        let six: Vec<_> = (0..6).map(|_| (png(10, 10), "a.png")).collect();
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form(&valid_report(), six)).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["attachments"].as_str().unwrap().contains("5 foto"));
        let noise: Vec<u8> = (0..1_200_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        let mut big = png(8, 8);
        big.extend_from_slice(&noise);
        let r = app.client.post(app.url("/api/v1/reports")).multipart(form(&with(valid_report(), "title", json!("Foto besar sekali dilampirkan")), vec![(big, "big.png")])).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["error"]["fields"]["attachments"].as_str().unwrap().contains("1 MB"));
        assert_eq!(app.list("").await["total"], 0);
    }
}
