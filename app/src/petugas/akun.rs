//! Officer accounts (the coordinator's): the list (`OfficerList`), a new account
//! (`NewOfficer`), disable/enable and a password reset (`OfficerChange`), and a CSV import
//! (`username,display_name,email,role,unit,password` per line; `ImportResult`, or the problems
//! by line); the audit log of those changes (`AccountEvents`), newest first.

use super::net::{self, failure_text};
use super::{internal_units, unit_options};
use crate::html;
use crate::i18n::{lang, t};
use crate::util;
use domain::lifecycle::Role;
use domain::wire::{
    AccountEvents, ImportResult, NewOfficer, OfficerChange, OfficerList, OfficerSaved, OfficerView,
    SessionView,
};
use leptos::prelude::*;

#[component]
pub fn Accounts(me: SessionView) -> impl IntoView {
    if !me.officer.role.is_coordinator() {
        return view! { <section class="page"><p class="notice" role="alert">{t("Hanya koordinator yang mengelola akun petugas.", "Only the coordinator manages officer accounts.")}</p></section> }.into_any();
    }
    let reload = RwSignal::new(0u32);
    let data = net::load::<OfficerList>(move || {
        reload.track();
        Some("/api/v1/petugas/officers".to_string())
    });
    let status = RwSignal::new(None::<String>);
    view! {
        <section class="page">
            <h1>{t("Akun petugas", "Officer accounts")}</h1>
            <p class="banner ok" role="status" hidden=move || status.with(|s| s.is_none())>{move || status.get()}</p>
            {move || match data.get() {
                None => view! { <p class="muted">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t("Daftar akun petugas", "Officer accounts")>
                        <table class="officers">
                            <caption class="sr-only">{t("Daftar akun petugas", "Officer accounts")}</caption>
                            <thead><tr>
                                <th scope="col">{t("Nama pengguna", "Username")}</th>
                                <th scope="col">{t("Nama / peran / unit", "Name / role / unit")}</th>
                                <th scope="col">{t("Status", "Status")}</th>
                                <th scope="col">{t("Ubah", "Change")}</th>
                            </tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|o| view! { <Row o=o reload=reload status=status/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
        <CreateOfficer reload=reload status=status/>
        <Import reload=reload status=status/>
        <AuditLog reload=reload/>
    }
    .into_any()
}

/// Who changed which account, when, and how (the newest first).
#[component]
fn AuditLog(reload: RwSignal<u32>) -> impl IntoView {
    let data = net::load::<AccountEvents>(move || {
        reload.track();
        Some("/api/v1/petugas/audit".to_string())
    });
    view! {
        <section class="page">
            <h2>{t("Riwayat perubahan akun", "Account changes")}</h2>
            {move || match data.get() {
                None => view! { <p class="muted">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(log)) => view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label=t("Riwayat perubahan akun", "Account changes")>
                        <table class="audit">
                            <caption class="sr-only">{t("Riwayat perubahan akun", "Account changes")}</caption>
                            <thead><tr>
                                <th scope="col">{t("Waktu", "When")}</th>
                                <th scope="col">{t("Akun", "Account")}</th>
                                <th scope="col">{t("Perubahan", "Change")}</th>
                                <th scope="col">{t("Oleh", "By")}</th>
                            </tr></thead>
                            <tbody>
                                {log.items.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{util::date_time(e.at, lang())}</td>
                                        <td>{e.username}</td>
                                        <td>{e.text}</td>
                                        <td>{e.actor}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// A change of one account, naming every field of `OfficerChange` (only the given ones change).
fn change(active: Option<bool>, password: Option<String>) -> OfficerChange {
    OfficerChange {
        display_name: None,
        email: None,
        role: None,
        unit: None,
        active,
        password,
    }
}

#[component]
fn Row(o: OfficerView, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let active = o.active;
    let desc = format!(
        "{} · {} · {}",
        o.display_name,
        o.role.label(lang()),
        util::unit_name(&o.unit.code, &o.unit.name)
    );
    let username = o.username;
    let pw = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let user = StoredValue::new(username.clone());
    let patch = move |body: OfficerChange, done: String| {
        let url = format!(
            "/api/v1/petugas/officers/{}",
            util::encode(&user.get_value())
        );
        leptos::task::spawn_local(async move {
            match net::send::<_, OfficerSaved>("PATCH", &url, &body).await {
                Ok(_) => {
                    status.set(Some(done));
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let toggle = move |_| {
        let what = if active {
            t("dinonaktifkan.", "disabled.")
        } else {
            t("diaktifkan.", "enabled.")
        };
        patch(
            change(Some(!active), None),
            format!("{} {what}", user.get_value()),
        )
    };
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let msg = format!(
            "{} {}",
            t("Kata sandi diganti untuk", "Password reset for"),
            user.get_value()
        );
        patch(change(None, Some(pw.get_untracked())), msg);
        pw.set(String::new());
    };
    // A lost phone: two-step sign-in starts over at the account's next login.
    let reset_totp = move |_| {
        let url = format!(
            "/api/v1/petugas/officers/{}/totp-reset",
            util::encode(&user.get_value())
        );
        let done = format!(
            "{} {}",
            t(
                "Verifikasi dua langkah disetel ulang untuk",
                "Two-step sign-in reset for"
            ),
            user.get_value()
        );
        leptos::task::spawn_local(async move {
            match net::post_empty(&url).await {
                Ok(()) => {
                    status.set(Some(done));
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let pw_id = format!("f-pw-{username}");
    view! {
        <tr class={if active { "" } else { "inactive" }} data-username=username.clone()>
            <td class="code">{username.clone()}</td>
            <td>{desc}</td>
            <td>{if active { t("Aktif", "Active") } else { t("Nonaktif", "Disabled") }}</td>
            <td>
                <button type="button" class="small" on:click=toggle>{if active { t("Nonaktifkan", "Disable") } else { t("Aktifkan", "Enable") }}</button>
                <form class="inline reset" on:submit=reset>
                    <label for=pw_id.clone() class="sr-only">{format!("{} {}", t("Kata sandi baru untuk", "New password for"), username)}</label>
                    <input id=pw_id type="password" autocomplete="new-password" placeholder=t("Kata sandi baru", "New password")
                        prop:value=move || pw.get() on:input=move |ev| pw.set(event_target_value(&ev))/>
                    <button type="submit" class="small">{t("Atur ulang", "Reset")}</button>
                </form>
                <button type="button" class="small" on:click=reset_totp>{t("Setel ulang verifikasi dua langkah", "Reset two-step sign-in")}</button>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </td>
        </tr>
    }
}

/// A labelled input bound to a signal.
fn input(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    sig: RwSignal<String>,
    ac: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind autocomplete=ac prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
        </div>
    }
}

#[component]
fn CreateOfficer(reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let f = |_: ()| RwSignal::new(String::new());
    let (username, name, email, password) = (f(()), f(()), f(()), f(()));
    // The role most accounts have.
    let default_role = Role::PetugasUnit;
    let role = RwSignal::new(default_role.code().to_string());
    let unit = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewOfficer {
            username: username.get_untracked().trim().to_string(),
            display_name: name.get_untracked().trim().to_string(),
            email: Some(email.get_untracked().trim().to_string()).filter(|e| !e.is_empty()),
            role: role.get_untracked(),
            unit: unit.get_untracked(),
            password: password.get_untracked(),
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match net::send::<_, OfficerSaved>("POST", "/api/v1/petugas/officers", &body).await {
                Ok(saved) => {
                    status.set(Some(format!(
                        "{} {}",
                        t("Akun dibuat:", "Account created:"),
                        saved.username
                    )));
                    for s in [username, name, email, password] {
                        s.set(String::new());
                    }
                    reload.update(|n| *n += 1);
                }
                Err(f) => {
                    error.set(Some(failure_text(&f)));
                    util::focus_later("err-new-officer".into());
                }
            }
        });
    };
    let roles: String = Role::OFFICERS
        .iter()
        .map(|r| html::option(r.code(), r.label(lang()), *r == default_role))
        .collect();
    let units = format!(
        "{}{}",
        html::option("", t("— pilih unit —", "— choose a unit —"), true),
        unit_options(internal_units(), "")
    );
    view! {
        <section class="page">
            <h2>{t("Akun baru", "New account")}</h2>
            <form on:submit=submit novalidate>
                {input("f-new-username", t("Nama pengguna", "Username"), "text", username, "off")}
                {input("f-new-name", t("Nama lengkap", "Full name"), "text", name, "off")}
                {input("f-new-email", t("Surel (untuk pemberitahuan)", "E-mail (for notifications)"), "email", email, "off")}
                <div class="field">
                    <label for="f-new-role">{t("Peran", "Role")}</label>
                    <select id="f-new-role" inner_html=roles on:change=move |ev| role.set(event_target_value(&ev))></select>
                </div>
                <div class="field">
                    <label for="f-new-unit">{t("Unit", "Unit")}</label>
                    <select id="f-new-unit" inner_html=units on:change=move |ev| unit.set(event_target_value(&ev))></select>
                </div>
                {input("f-new-password", t("Kata sandi awal", "Initial password"), "password", password, "new-password")}
                <p class="field-error" id="err-new-officer" role="alert" tabindex="-1">{move || error.get()}</p>
                <button type="submit" class="primary">{t("Buat akun", "Create the account")}</button>
            </form>
        </section>
    }
}

#[component]
fn Import(reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = csv.get_untracked();
        error.set(None);
        leptos::task::spawn_local(async move {
            match net::send_text::<ImportResult>(
                "/api/v1/petugas/officers/import",
                body,
                "text/csv",
            )
            .await
            {
                Ok(r) => {
                    status.set(Some(format!(
                        "{} {}",
                        t("Akun diimpor:", "Accounts imported:"),
                        r.created
                    )));
                    csv.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    view! {
        <section class="page">
            <h2>{t("Impor dari CSV", "Import from CSV")}</h2>
            <form on:submit=submit>
                <label for="f-csv">{t("Satu akun per baris: username,display_name,email,role,unit,password", "One account per line: username,display_name,email,role,unit,password")}</label>
                <textarea id="f-csv" rows="6" spellcheck="false" class="code" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit">{t("Impor", "Import")}</button>
            </form>
        </section>
    }
}
