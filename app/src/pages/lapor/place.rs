//! Step 3: where the problem is: the kecamatan and desa/kelurahan (from the catalog), a landmark,
//! and, if the citizen wants, the phone's position.

use super::fields::{optional_mark, FieldMsg, TextInput};
use super::{flow, Flow};
use crate::i18n::t;
use crate::{html, icons, util};
use domain::catalog::{self, RegionKind, REGIONS};
use domain::text::fmt_fixed;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[component]
pub(super) fn StepWhere() -> impl IntoView {
    view! {
        <PlaceSelects/>
        <TextInput field="location.detail" label=("Detail lokasi", "Location details")
            hint=("Patokan yang mudah dicari petugas, misalnya: depan SD Negeri 1, dekat dermaga.", "A landmark officers can find, e.g. in front of the primary school, near the jetty.")
            get=|d| &d.detail set=|d, v| d.detail = v/>
        <GeoPoint/>
    }
}

fn by_name(mut v: Vec<&'static catalog::Region>) -> Vec<&'static catalog::Region> {
    domain::sort::sort_by_key(&mut v, |r| (r.name, r.code));
    v
}

/// The kecamatan, then the desa or kelurahan within it.
#[component]
fn PlaceSelects() -> impl IntoView {
    let f = flow();
    let kec = Memo::new(move |_| f.app.draft.with(|d| d.kecamatan.clone()));
    let kec_options = {
        let current = kec.get_untracked();
        let list = by_name(
            REGIONS
                .iter()
                .filter(|r| r.kind == RegionKind::Kecamatan)
                .collect(),
        );
        let mut s = html::option(
            "",
            t("— Pilih kecamatan —", "— Choose a district —"),
            current.is_empty(),
        );
        for r in list {
            s.push_str(&html::option(r.code, r.name, current == r.code));
        }
        s
    };
    let desa_options = move || {
        let k = kec.get();
        let current = f.app.draft.with_untracked(|d| d.desa.clone());
        let list = by_name(
            REGIONS
                .iter()
                .filter(|r| r.parent.is_some_and(|p| p.get().code == k))
                .collect(),
        );
        let first = if k.is_empty() {
            t("Pilih kecamatan dahulu", "Choose the district first")
        } else {
            t("— Pilih desa/kelurahan —", "— Choose a village —")
        };
        let mut s = html::option("", first, current.is_empty());
        for r in list {
            let kind = if r.kind == RegionKind::Kelurahan {
                "Kelurahan"
            } else {
                "Desa"
            };
            s.push_str(&html::option(
                r.code,
                &format!("{kind} {}", r.name),
                current == r.code,
            ));
        }
        s
    };
    view! {
        <div class="field">
            <label for="f-kecamatan">{t("Kecamatan", "District (kecamatan)")}{optional_mark(f, "location.desa")}</label>
            <select id="f-kecamatan" aria-describedby="err-location-desa" inner_html=kec_options
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.app.edit("location.desa", |d| {
                        if d.kecamatan != v {
                            d.desa.clear();
                        }
                        d.kecamatan = v;
                    });
                }>
            </select>
        </div>
        <div class="field">
            <label for="f-location-desa">{t("Desa/kelurahan", "Village (desa/kelurahan)")}{optional_mark(f, "location.desa")}</label>
            <select id="f-location-desa" disabled=move || kec.with(|k| k.is_empty())
                aria-invalid=move || if f.error("location.desa").is_some() { "true" } else { "false" }
                aria-describedby="err-location-desa"
                inner_html=desa_options
                on:change=move |ev| { let v = event_target_value(&ev); f.app.edit("location.desa", |d| d.desa = v); f.touch("location.desa"); }
                on:blur=move |_| f.touch("location.desa")>
            </select>
            <FieldMsg field="location.desa"/>
        </div>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Geo {
    Idle,
    Locating,
    /// The Geolocation API's error code (1 denied, 2 unavailable, 3 timeout; 0 unsupported).
    Failed(u8),
}

fn locate(f: Flow, status: RwSignal<Geo>) {
    let Ok(geo) = util::window().navigator().geolocation() else {
        status.set(Geo::Failed(0));
        return;
    };
    status.set(Geo::Locating);
    let ok = wasm_bindgen::closure::Closure::once_into_js(move |pos: JsValue| {
        let coords = js_sys::Reflect::get(&pos, &"coords".into()).unwrap_or(JsValue::UNDEFINED);
        let num = |k: &str| {
            js_sys::Reflect::get(&coords, &k.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        if let (Some(lat), Some(lon)) = (num("latitude"), num("longitude")) {
            let acc = num("accuracy");
            f.app.edit("location.lat", |d| {
                d.lat = Some((lat * 1e6).round() / 1e6);
                d.lon = Some((lon * 1e6).round() / 1e6);
                d.accuracy = acc.map(f64::round);
            });
            f.touch("location.lat");
        }
        status.set(Geo::Idle);
    });
    let err = wasm_bindgen::closure::Closure::once_into_js(move |e: JsValue| {
        let code = js_sys::Reflect::get(&e, &"code".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(2.0);
        status.set(Geo::Failed(code as u8));
    });
    let opts = web_sys::PositionOptions::new();
    opts.set_enable_high_accuracy(true);
    opts.set_timeout(20_000);
    opts.set_maximum_age(60_000);
    if geo
        .get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(err.unchecked_ref()),
            &opts,
        )
        .is_err()
    {
        status.set(Geo::Failed(2));
    }
}

/// "Gunakan lokasi saya": the phone's position, which `domain` checks is in Natuna.
#[component]
fn GeoPoint() -> impl IntoView {
    let f = flow();
    let geo = RwSignal::new(Geo::Idle);
    let status = move || {
        match geo.get() {
        Geo::Failed(1) => Some(t("Izin lokasi ditolak. Anda tetap dapat mengirim laporan tanpa titik lokasi.", "Location permission was refused. You can still send the report without a map point.").to_string()),
        Geo::Failed(3) => Some(t("Lokasi tidak ditemukan dalam waktu yang wajar. Coba lagi di tempat terbuka.", "The location took too long. Try again outdoors.").to_string()),
        Geo::Failed(_) => Some(t("Lokasi tidak dapat ditentukan di perangkat ini.", "This device cannot tell its location.").to_string()),
        _ => f.app.draft.with(|d| d.lat.zip(d.lon).map(|(la, lo)| {
            let acc = d.accuracy.map(|a| format!(" (±{} m)", a as i64)).unwrap_or_default();
            format!("{} {}, {}{acc}", t("Titik lokasi tersimpan:", "Map point saved:"), fmt_fixed(la, 5), fmt_fixed(lo, 5))
        })),
    }
    };
    view! {
        <div class="field geo">
            <button type="button" class="secondary" id="f-location-lat" aria-describedby="err-location-lat geo-status"
                disabled=move || geo.get() == Geo::Locating on:click=move |_| locate(f, geo)>
                <span class="icon" inner_html=icons::svg("pin")></span>
                {move || if geo.get() == Geo::Locating { t("Mencari lokasi…", "Finding your location…") } else { t("Gunakan lokasi saya", "Use my location") }}
            </button>
            <p id="geo-status" class="hint" role="status">{status}</p>
            <button type="button" class="link" hidden=move || f.app.draft.with(|d| d.lat.is_none())
                on:click=move |_| f.app.edit("location.lat", |d| { d.lat = None; d.lon = None; d.accuracy = None; })>
                {t("Hapus titik lokasi", "Remove the map point")}
            </button>
            <FieldMsg field="location.lat"/>
        </div>
    }
}
