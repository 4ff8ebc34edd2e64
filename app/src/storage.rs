//! The phone's memory: drafts, photos, the outbox and the last receipt live in localStorage so a
//! reload, a closed tab or a dead battery loses nothing. Writes can fail (private mode, a full
//! quota); callers learn that from the returned bool and tell the citizen.

use crate::json::{Json, Obj};
use crate::wire_read::Write;
use domain::wire::Receipt;

pub const DRAFT: &str = "lapor.v1.draft";
pub const PHOTOS: &str = "lapor.v1.photos";
pub const OUTBOX: &str = "lapor.v1.outbox";
pub const RECEIPT: &str = "lapor.v2.receipt";
/// The receipt before it carried the reporter code and its two dates.
const RECEIPT_V1: &str = "lapor.v1.receipt";
pub const LANG: &str = "lapor.lang";
/// This device's random id ("saya juga mengalami": one support per device).
pub const DEVICE: &str = "lapor.device";
/// The catalog version for which the app already reloaded after a 409, so it never loops.
pub const STALE_RELOAD: &str = "lapor.v1.stale-reload";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

pub fn load(key: &str) -> Option<Json> {
    Json::parse(&get(key)?).filter(Json::is_object)
}

pub fn save(key: &str, value: &Obj) -> bool {
    set(key, &value.text())
}

/// Secrets of confidential reports sent in this tab, so "Lihat status" opens them without
/// typing; kept for the session only.
pub fn remember_secret(code: &str, secret: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = s.set_item(&format!("lapor.secret.{code}"), secret);
    }
}

pub fn session_secret(code: &str) -> Option<String> {
    web_sys::window()?
        .session_storage()
        .ok()
        .flatten()?
        .get_item(&format!("lapor.secret.{code}"))
        .ok()
        .flatten()
}

/// The last receipt this phone got, kept after the report flow moves on, so that the status page
/// can fill in its kode pelapor.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptReceipt {
    pub receipt: Receipt,
    /// The citizen has seen it (a receipt from a background retry is announced until then).
    pub seen: bool,
    /// The citizen started a new report: the flow no longer shows it.
    pub closed: bool,
}

pub fn kept_receipt() -> Option<KeptReceipt> {
    // A receipt of the old shape (no kode pelapor) cannot be read: it goes.
    remove(RECEIPT_V1);
    let j = load(RECEIPT)?;
    Some(KeptReceipt {
        receipt: j.obj::<Receipt>("receipt").ok()?,
        seen: j.flag_or_false("seen").ok()?,
        closed: j.flag_or_false("closed").ok()?,
    })
}

pub fn keep_receipt(k: &KeptReceipt) -> bool {
    let KeptReceipt {
        receipt,
        seen,
        closed,
    } = k;
    save(
        RECEIPT,
        &Obj::new()
            .obj("receipt", receipt.write())
            .bool("seen", *seen)
            .bool("closed", *closed),
    )
}

/// The kode pelapor of a report this phone sent, from its kept receipt.
pub fn reporter_token(tracking_code: &str) -> Option<String> {
    kept_receipt()
        .map(|k| k.receipt)
        .filter(|r| r.tracking_code == tracking_code)
        .map(|r| r.reporter_token)
}
