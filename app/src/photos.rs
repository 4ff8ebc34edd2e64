//! Shrinking photos on the phone before they are saved and sent: a 12-megapixel camera photo
//! becomes a JPEG of at most 1600 px on its long side (a few hundred KB), which a 2G connection
//! can carry and localStorage can hold. Officers' answer photos are shrunk the same way.

use crate::draft::Photo;
use crate::util;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub const MAX_SIDE: f64 = 1600.0;
pub const QUALITY: f64 = 0.8;

pub async fn shrink(file: web_sys::File) -> Result<Photo, JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(&file)?;
    let img = web_sys::HtmlImageElement::new()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let result = JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result?;
    let (w, h) = (img.natural_width() as f64, img.natural_height() as f64);
    if w < 1.0 || h < 1.0 {
        return Err(JsValue::from_str("empty image"));
    }
    let scale = (MAX_SIDE / w.max(h)).min(1.0);
    let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
    let canvas: web_sys::HtmlCanvasElement =
        util::document().create_element("canvas")?.unchecked_into();
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .unchecked_into();
    // JPEG has no transparency: a PNG screenshot's transparent parts become white, not black.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, cw, ch);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, cw, ch)?;
    let data_url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(QUALITY))?;
    Ok(Photo { data_url })
}

/// The JPEG bytes of a shrunk photo, for a multipart upload.
pub fn blob_of(photo: &Photo) -> Option<web_sys::Blob> {
    // Decoded here rather than with fetch(data:…), which the page's CSP (connect-src) forbids.
    let b64 = photo.data_url.split_once(',')?.1;
    let bin = util::window().atob(b64).ok()?;
    let bytes: Vec<u8> = bin.chars().map(|c| c as u32 as u8).collect();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/jpeg");
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()
}

/// A photo the way it should travel: shrunk to a JPEG (`name.jpg`) when it is an image the
/// browser can draw, otherwise (a PDF, an image it cannot read) the file as it is.
pub async fn for_upload(file: web_sys::File) -> (web_sys::Blob, String) {
    let name = file.name();
    if file.type_().starts_with("image/") {
        if let Some(blob) = shrink(file.clone()).await.ok().and_then(|p| blob_of(&p)) {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            return (blob, format!("{stem}.jpg"));
        }
    }
    (file.into(), name)
}

/// Photos picked before the app ran (in the server's form): shrunk and added to the report, as
/// if picked in the app, up to the limit.
pub fn adopt(app: crate::state::AppState, files: Vec<web_sys::File>) {
    use leptos::prelude::{Update, WithUntracked};
    if files.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        for file in files {
            if app.photos.with_untracked(|p| p.len()) >= domain::report::MAX_ATTACHMENTS {
                break;
            }
            if let Ok(p) = shrink(file).await {
                app.photos.update(|ps| ps.push(p));
            }
        }
    });
}
