//! Two-step sign-in (`domain::totp`): enrolling an authenticator app — scan the QR code (or
//! type the key), enter the first code, keep the recovery codes shown once. The coordinator and
//! the leadership meet this page at their first login and can do nothing else until they
//! finish; other officers find it under "Keamanan".

use super::net::{self, failure_text};
use super::{set_auth, Auth};
use crate::i18n::t;
use crate::{html, router, util};
use domain::totp;
use domain::wire::{SessionView, TotpConfirm, TotpEnabled, TotpSetup};
use leptos::prelude::*;

#[component]
pub fn Security(me: SessionView) -> impl IntoView {
    if me.totp {
        return view! {
            <section class="page">
                <h1>{t("Keamanan akun", "Account security")}</h1>
                <p class="banner ok">{t("Verifikasi dua langkah aktif: setiap masuk memerlukan kode dari aplikasi autentikator Anda.", "Two-step sign-in is on: every login needs a code from your authenticator app.")}</p>
                <p>{t("Ponsel hilang? Masuk dengan salah satu kode pemulihan, lalu minta koordinator menyetel ulang verifikasi dua langkah akun Anda.", "Lost your phone? Log in with one of your recovery codes, then ask the coordinator to reset your account's two-step sign-in.")}</p>
            </section>
        }
        .into_any();
    }
    view! { <Enrol me=me/> }.into_any()
}

#[component]
fn Enrol(me: SessionView) -> impl IntoView {
    let setup = RwSignal::new(None::<TotpSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let me = StoredValue::new(me);
    let start = move |_| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match net::send::<_, TotpSetup>("POST", "/api/v1/petugas/totp/setup", &()).await {
                Ok(s) => {
                    setup.set(Some(s));
                    util::focus_later("f-totp-code".into());
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        if totp::digits(&typed).is_none() {
            return error.set(Some(
                totp::Refused::Malformed
                    .message(crate::i18n::lang())
                    .to_string(),
            ));
        }
        let body = TotpConfirm { code: typed };
        leptos::task::spawn_local(async move {
            match net::send::<_, TotpEnabled>("POST", "/api/v1/petugas/totp/confirm", &body).await {
                Ok(e) => {
                    error.set(None);
                    codes.set(Some(e.recovery_codes));
                    util::focus_later("recovery-codes".into());
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let done = move |_| {
        let mut m = me.get_value();
        m.must_enrol_totp = false;
        m.totp = true;
        set_auth(Auth::In(m));
        router::navigate("/petugas");
    };
    view! {
        <section class="page totp">
            <h1>{t("Aktifkan verifikasi dua langkah", "Turn on two-step sign-in")}</h1>
            {me.get_value().must_enrol_totp.then(|| view! {
                <p class="notice">{t("Peran Anda wajib memakai verifikasi dua langkah. Selesaikan langkah di bawah sebelum membuka laporan.", "Your role must sign in with two steps. Finish the steps below before opening reports.")}</p>
            })}
            <p>{t("Pasang aplikasi autentikator di ponsel Anda (misalnya Google Authenticator, Microsoft Authenticator, atau Aegis). Setiap kali masuk, Anda memasukkan kode 6 angka yang ditampilkannya; kata sandi saja tidak lagi cukup.", "Install an authenticator app on your phone (e.g. Google Authenticator, Microsoft Authenticator or Aegis). Each time you log in you enter the 6-digit code it shows; the password alone is no longer enough.")}</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
            {move || match (setup.get(), codes.get()) {
                (None, _) => view! {
                    <button type="button" class="primary" id="totp-start" on:click=start>{t("Mulai", "Start")}</button>
                }.into_any(),
                (Some(s), None) => view! {
                    <ol class="steps">
                        <li>
                            <p>{t("Pindai kode QR ini dengan aplikasi autentikator:", "Scan this QR code with the authenticator app:")}</p>
                            <div class="qr" role="img" aria-label=t("Kode QR untuk aplikasi autentikator", "QR code for the authenticator app") inner_html=s.qr_svg.clone()></div>
                            <p>{t("Atau ketik kunci ini di aplikasi:", "Or type this key into the app:")}</p>
                            <p><code id="totp-secret" inner_html=html::esc(&grouped(&s.secret))></code></p>
                        </li>
                        <li>
                            <form on:submit=confirm>
                                <label for="f-totp-code">{t("Kode 6 angka yang tampil di aplikasi", "The 6-digit code the app shows")}</label>
                                <input id="f-totp-code" inputmode="numeric" autocomplete="one-time-code" maxlength="7"
                                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                                <button type="submit" class="primary">{t("Aktifkan", "Turn on")}</button>
                            </form>
                        </li>
                    </ol>
                }.into_any(),
                (_, Some(list)) => view! {
                    <div class="banner ok" role="status">
                        <p>{t("Verifikasi dua langkah aktif.", "Two-step sign-in is on.")}</p>
                    </div>
                    <h2>{t("Kode pemulihan", "Recovery codes")}</h2>
                    <p>{t("Simpan kode ini di tempat aman (cetak atau tulis). Jika ponsel hilang, setiap kode dapat dipakai sekali sebagai pengganti kode aplikasi. Kode ini hanya ditampilkan sekarang.", "Keep these codes somewhere safe (print or write them down). If the phone is lost, each code works once instead of the app's code. They are shown only now.")}</p>
                    <ul class="recovery" id="recovery-codes" tabindex="-1">
                        {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <button type="button" class="primary" id="totp-done" on:click=done>{t("Saya sudah menyimpan kode pemulihan", "I have kept the recovery codes")}</button>
                }.into_any(),
            }}
        </section>
    }
}

/// "ABCD EFGH …": a key is easier to type in groups of four.
fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
