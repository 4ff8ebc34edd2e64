//! Open311 keys (the coordinator's): every system that files reports through Open311 has a key
//! of its own (`Open311KeyList`); a new one (`NewOpen311Key`) is shown once
//! (`IssuedOpen311Key`), and a key that leaked or is no longer needed is revoked.

use super::net::{self, failure_text};
use crate::i18n::{lang, t};
use crate::util;
use domain::wire::open311::{IssuedOpen311Key, NewOpen311Key, Open311KeyList, Open311KeyView};
use domain::wire::{Done, SessionView};
use leptos::prelude::*;

const KEYS: &str = "/api/v1/petugas/open311-keys";

#[component]
pub fn Keys(me: SessionView) -> impl IntoView {
    if !me.officer.role.is_coordinator() {
        return view! { <section class="page"><p class="notice" role="alert">{t("Hanya koordinator yang mengelola kunci Open311.", "Only the coordinator manages Open311 keys.")}</p></section> }.into_any();
    }
    let reload = RwSignal::new(0u32);
    let data = net::load::<Open311KeyList>(move || {
        reload.track();
        Some(KEYS.to_string())
    });
    let issued = RwSignal::new(None::<IssuedOpen311Key>);
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewOpen311Key {
            name: name.get_untracked().trim().to_string(),
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match net::send::<_, IssuedOpen311Key>("POST", KEYS, &body).await {
                Ok(k) => {
                    issued.set(Some(k));
                    name.set(String::new());
                    reload.update(|n| *n += 1);
                    util::focus_later("issued-key".into());
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    view! {
        <section class="page">
            <h1>{t("Kunci Open311", "Open311 keys")}</h1>
            <p>{t(
                "Sistem lain (aplikasi kota, agregator nasional) dapat membaca laporan publik dan mengirim laporan melalui Open311 di /open311/v2/. Untuk mengirim, setiap sistem memerlukan kunci sendiri.",
                "Other systems (a city app, a national aggregator) can read public reports and file reports through Open311 at /open311/v2/. To file, each system needs a key of its own.",
            )}</p>
            {move || issued.get().map(|k| view! {
                <div class="banner ok" role="status">
                    <p>{format!("{} {}", t("Kunci baru untuk", "New key for"), k.name)}</p>
                    <p><code id="issued-key" tabindex="-1">{k.api_key}</code></p>
                    <p>{t("Salin dan kirimkan kunci ini sekarang: kunci hanya ditampilkan sekali dan tidak dapat dilihat lagi.", "Copy and send this key now: it is shown only once and cannot be seen again.")}</p>
                </div>
            })}
            {move || match data.get() {
                None => view! { <p class="muted">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(list)) if list.items.is_empty() => view! { <p class="muted">{t("Belum ada kunci.", "No keys yet.")}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-wrap">
                        <table class="keys">
                            <caption class="sr-only">{t("Kunci Open311", "Open311 keys")}</caption>
                            <thead><tr>
                                <th scope="col">{t("Sistem", "System")}</th>
                                <th scope="col">{t("Dibuat", "Created")}</th>
                                <th scope="col">{t("Terakhir dipakai", "Last used")}</th>
                                <th scope="col">{t("Status", "Status")}</th>
                            </tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|k| view! { <KeyRow k=k reload=reload error=error/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            <h2>{t("Kunci baru", "New key")}</h2>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="f-key-name">{t("Nama sistem yang memakai kunci", "Name of the system that uses the key")}</label>
                    <input id="f-key-name" type="text" autocomplete="off" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <p class="field-error" role="alert" hidden=move || error.with(|e| e.is_none())>{move || error.get()}</p>
                <button type="submit" class="primary">{t("Buat kunci", "Issue a key")}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn KeyRow(
    k: Open311KeyView,
    reload: RwSignal<u32>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let l = lang();
    let id = k.id;
    let revoke = move |_| {
        leptos::task::spawn_local(async move {
            match net::send::<_, Done>("DELETE", &format!("{KEYS}/{id}"), &()).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    view! {
        <tr data-key=id.to_string()>
            <td>{k.name.clone()}</td>
            <td>{format!("{} · {}", util::date_time(k.created_at, l), k.created_by)}</td>
            <td>{k.last_used_at.map(|s| util::date_time(s, l)).unwrap_or_else(|| "—".into())}</td>
            <td>{match k.revoked_at {
                Some(s) => view! { <span>{format!("{} {}", t("Dicabut", "Revoked"), util::date_time(s, l))}</span> }.into_any(),
                None => view! { <button type="button" class="danger" on:click=revoke>{format!("{} {}", t("Cabut kunci", "Revoke the key of"), k.name)}</button> }.into_any(),
            }}</td>
        </tr>
    }
}
