//! WhatsApp and SMS: the reporter hears back on their phone, and replies act on their own
//! reports only, once, through the providers' real HTTP exchange with local stand-ins
//! (`providers.rs`) that check every request as the real services do.

use crate::both_stores;
use crate::helpers::*;
use crate::providers::*;
use serde_json::{json, Value};
use std::time::Duration;

const PUBLIC_URL: &str = "https://lapor.natunakab.go.id";

fn report(title: &str, phone: &str, privacy: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "sampah", "title": title,
        "body": "Sampah menumpuk di pinggir jalan dan tidak diangkut lebih dari seminggu.",
        "location": { "desa": "21.03.07.2004" }, "privacy": privacy,
        "reporter": { "name": "Rudi", "phone": phone },
    })
}

async fn spawn(db: Db, env: Vec<(String, String)>) -> TestApp {
    let mut env = env;
    env.push(("MAIL_INTERVAL_SECS".into(), "1".into()));
    env.push(("MAIL_RETRY_SECS".into(), "1".into()));
    env.push(("PUBLIC_URL".into(), PUBLIC_URL.into()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    TestApp::spawn_with(db, &env).await
}

async fn whatsapp_webhook(app: &TestApp, body: &str, signature: Option<&str>) -> u16 {
    let mut req = app
        .client
        .post(app.url("/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(s) = signature {
        req = req.header("X-Hub-Signature-256", s);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn sms_webhook(app: &TestApp, body: &str, signature: Option<(String, String)>) -> u16 {
    let mut req = app
        .client
        .post(app.url("/webhooks/sms"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some((sig, ts)) = signature {
        req = req.header("X-Signature", sig).header("X-Timestamp", ts);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn status_of(app: &TestApp, code: &str) -> String {
    let (s, v) = app.report(code).await;
    assert_eq!(s, 200, "{v}");
    v["status"].as_str().unwrap().to_string()
}

both_stores! {
    async fn whatsapp_receipt_notices_and_replies_act_for_the_reporters_number_only(db: Db) {
        let wa = Providers::start().await;
        let app = spawn(db, wa.whatsapp_env()).await;
        let koor = app.coordinator().await;
        let dlh = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None).await;

        // Meta's webhook check: the verify token echoes the challenge; a wrong one is refused.
        let ok = app.get(&format!("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={WA_VERIFY}&hub.challenge=1158201444")).await;
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.text().await.unwrap(), "1158201444");
        assert_eq!(app.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=1").await.status(), 403);

        // The receipt: outside the 24-hour window (the number never wrote), so the template,
        // with the code and the reporter code.
        let r = app.submit(&report("Sampah di depan pasar Ranai", "0812-3456-7001", "publik")).await;
        let code = r["tracking_code"].as_str().unwrap().to_string();
        let display = r["display_code"].as_str().unwrap().to_string();
        let token = r["reporter_token"].as_str().unwrap().to_string();
        let receipt = wa.wait_whatsapp("6281234567001", &display).await;
        assert_eq!(receipt["type"], "template", "{receipt}");
        let text = Providers::wa_text(&receipt);
        assert!(text.contains(&token) && text.contains("Sampah di depan pasar Ranai"), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/lacak/{code}")), "{text}");

        // A confidential report's receipt: its code only, never its content or secret.
        let secret = app.submit(&report("Pungutan liar di kantor desa", "0812-3456-7001", "rahasia")).await;
        let secret_text = Providers::wa_text(&wa.wait_whatsapp("6281234567001", secret["display_code"].as_str().unwrap()).await);
        assert!(!secret_text.contains("Pungutan") && !secret_text.contains(secret["reporter_token"].as_str().unwrap()), "{secret_text}");

        // A status change reaches the phone.
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        wa.wait_whatsapp("6281234567001", &format!("laporan {display} kini Diteruskan")).await;

        // Forged or missing signatures: 401, nothing acts, nothing is answered.
        let cek = wa_event("6281234567001", "wamid.cek1", &format!("CEK {display}"));
        assert_eq!(whatsapp_webhook(&app, &cek, None).await, 401);
        assert_eq!(whatsapp_webhook(&app, &cek, Some(&wa_signature("bukan-rahasia", &cek))).await, 401);
        assert_eq!(whatsapp_webhook(&app, &cek, Some("sha256=00")).await, 401);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(!wa.whatsapp().iter().any(|m| Providers::wa_text(m).contains("Ditangani")));

        // CEK: the status and the unit, as free text now that the number wrote.
        assert_eq!(whatsapp_webhook(&app, &cek, Some(&wa_signature(WA_SECRET, &cek))).await, 200);
        let answer = wa.wait_whatsapp("6281234567001", "Ditangani").await;
        assert_eq!(answer["type"], "text");
        assert!(Providers::wa_text(&answer).contains("Lingkungan Hidup"), "{answer}");

        // The unit answers; the notice asks SELESAI or BELUM.
        assert_eq!(dlh.act(&code, json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah pada 2 Desember 2026." })).await.status(), 200);
        wa.wait_whatsapp("6281234567001", "Balas SELESAI").await;

        // Another number's SELESAI changes nothing.
        let other = wa_event("6281234567999", "wamid.other", "SELESAI");
        assert_eq!(whatsapp_webhook(&app, &other, Some(&wa_signature(WA_SECRET, &other))).await, 200);
        wa.wait_whatsapp("6281234567999", "Tidak ada laporan dari nomor ini").await;
        assert_eq!(status_of(&app, &code).await, "ditindaklanjuti");

        // The reporter's SELESAI accepts; the same event delivered again acts once.
        let selesai = wa_event("6281234567001", "wamid.selesai", "selesai");
        let sig = wa_signature(WA_SECRET, &selesai);
        assert_eq!(whatsapp_webhook(&app, &selesai, Some(&sig)).await, 200);
        assert_eq!(status_of(&app, &code).await, "selesai");
        let history = koor.detail(&code).await.1["history"].as_array().unwrap().len();
        assert_eq!(whatsapp_webhook(&app, &selesai, Some(&sig)).await, 200);
        wa.wait_whatsapp("6281234567001", "Terima kasih. Laporan").await;
        assert_eq!(koor.detail(&code).await.1["history"].as_array().unwrap().len(), history, "a replay adds no history");

        // A rating from the reporter's number.
        let rate = wa_event("6281234567001", "wamid.rate", "5");
        assert_eq!(whatsapp_webhook(&app, &rate, Some(&wa_signature(WA_SECRET, &rate))).await, 200);
        wa.wait_whatsapp("6281234567001", "penilaian 5").await;
        let detail = koor.detail(&code).await.1;
        assert_eq!(detail["rating"], 5);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let thanks = wa.whatsapp().iter().filter(|m| Providers::wa_text(m).contains("Terima kasih. Laporan")).count();
        assert_eq!(thanks, 1, "one reply to one message");
        assert!(wa.refused().is_empty(), "{:?}", wa.refused());
    }
}

both_stores! {
    async fn sms_belum_reopens_stop_silences_and_old_or_forged_events_are_refused(db: Db) {
        let gw = Providers::start().await;
        let app = spawn(db, gw.sms_env()).await;
        let koor = app.coordinator().await;
        let dlh = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None).await;
        let r = app.submit(&report("Sampah di jalan Datuk Kaya", "081234567002", "publik")).await;
        let code = r["tracking_code"].as_str().unwrap().to_string();
        let display = r["display_code"].as_str().unwrap().to_string();
        let receipt = gw.wait_sms("+6281234567002", &display).await;
        let text = receipt["textMessage"]["text"].as_str().unwrap();
        assert!(text.chars().count() <= 160, "one SMS: {text}");
        assert!(text.contains(r["reporter_token"].as_str().unwrap()), "{text}");

        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(dlh.act(&code, json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah pada 2 Desember 2026." })).await.status(), 200);
        gw.wait_sms("+6281234567002", "Balas SELESAI").await;

        // An event signed ten minutes ago is a replay; a forged one is refused.
        let belum = sms_event("+6281234567002", "Ey6ECgOkVVFjz3CL48B8C", "BELUM sampahnya masih menumpuk");
        assert_eq!(sms_webhook(&app, &belum, Some(sms_signature(SMS_SECRET, &belum, unix_now() - 600))).await, 401);
        assert_eq!(sms_webhook(&app, &belum, Some(sms_signature("salah", &belum, unix_now()))).await, 401);
        assert_eq!(sms_webhook(&app, &belum, None).await, 401);
        assert_eq!(status_of(&app, &code).await, "ditindaklanjuti");

        // BELUM with a reason reopens: back to the unit.
        assert_eq!(sms_webhook(&app, &belum, Some(sms_signature(SMS_SECRET, &belum, unix_now()))).await, 200);
        assert_ne!(status_of(&app, &code).await, "ditindaklanjuti");
        gw.wait_sms("+6281234567002", "dibuka kembali").await;

        // STOP: no more notices (a reply confirms it), though the report moves on.
        let stop = sms_event("+6281234567002", "stop-1", "STOP");
        assert_eq!(sms_webhook(&app, &stop, Some(sms_signature(SMS_SECRET, &stop, unix_now()))).await, 200);
        gw.wait_sms("+6281234567002", "tidak akan menerima").await;
        let before = gw.sms().len();
        assert_eq!(dlh.act(&code, json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sisa sampah pada 3 Desember 2026." })).await.status(), 200);
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(gw.sms().len(), before, "no notice after STOP: {:#?}", gw.sms());
        // CEK still answers: it is the number's own question.
        let cek = sms_event("+6281234567002", "cek-1", &format!("cek {display}"));
        assert_eq!(sms_webhook(&app, &cek, Some(sms_signature(SMS_SECRET, &cek, unix_now()))).await, 200);
        gw.wait_sms("+6281234567002", "Ditindaklanjuti").await;
        assert!(gw.refused().is_empty(), "{:?}", gw.refused());
    }
}

both_stores! {
    async fn a_provider_down_loses_nothing_and_sends_each_message_once_across_a_kill_9(db: Db) {
        let gw = Providers::start().await;
        gw.set_down(true);
        let mut app = spawn(db, gw.sms_env()).await;
        let mut codes = Vec::new();
        for i in 0..3 {
            let r = app.submit(&report(&format!("Sampah menumpuk di gang {i}"), &format!("08123456710{i}"), "publik")).await;
            codes.push(r["display_code"].as_str().unwrap().to_string());
        }
        // The gateway refuses for a while; the server is killed mid-way and started again.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert!(gw.sms().is_empty());
        app.kill();
        app.start();
        app.wait_healthy().await;
        gw.set_down(false);
        for (i, c) in codes.iter().enumerate() {
            gw.wait_sms(&format!("+628123456710{i}"), c).await;
        }
        tokio::time::sleep(Duration::from_millis(3000)).await;
        assert_eq!(gw.sms().len(), 3, "each message once: {:#?}", gw.sms());
        assert!(gw.refused().is_empty(), "{:?}", gw.refused());
    }
}

both_stores! {
    async fn monev_counts_each_door_per_month_and_the_plain_form_also_sends_the_receipt(db: Db) {
        let gw = Providers::start().await;
        let app = spawn(db, gw.sms_env()).await;
        let koor = app.coordinator().await;
        for i in 0..2 {
            app.submit(&report(&format!("Sampah di gang {i}"), "081234567003", "publik")).await;
        }
        // The plain HTML form (no JavaScript) is another door, with the same receipt by SMS.
        let form = [
            ("idem", format!("nojs-{}", hex_id())), ("type", "pengaduan".into()), ("category", "sampah".into()),
            ("desa", "21.03.07.2004".into()), ("title", "Sampah di depan sekolah".into()),
            ("body", "Sampah menumpuk di depan sekolah dan tidak diangkut lebih dari seminggu.".into()),
            ("privacy", "publik".into()), ("name", "Budi".into()), ("phone", "081234567004".into()), ("action", "kirim".into()),
        ];
        let r = app.client.post(app.url("/lapor")).form(&form).send().await.unwrap();
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        gw.wait_sms("+6281234567004", "diterima").await;

        let m: Value = koor.get("/api/v1/petugas/monev").await.json().await.unwrap();
        let months = m["channels"].as_array().unwrap();
        assert_eq!(months.len(), 12);
        let now = &months[0];
        let count = |code: &str| now["counts"].as_array().unwrap().iter().find(|c| c["channel"] == code).map(|c| c["reports"].as_u64().unwrap());
        assert_eq!(count("web"), Some(2), "{now}");
        assert_eq!(count("nojs"), Some(1), "{now}");
        assert_eq!(count("whatsapp"), None, "a channel nobody used is not a column");
        assert!(now["label"].as_str().unwrap().ends_with(&now["month"].as_str().unwrap()[..4]), "{now}");
    }
}

/// An officer's filing for a citizen, with an Idempotency-Key and the CSRF token.
async fn file_for(
    officer: &OfficerClient,
    channel: &str,
    key: &str,
    body: &Value,
) -> (u16, Value, bool) {
    let r = officer
        .client
        .post(format!(
            "{}/api/v1/petugas/reports?channel={channel}",
            officer.base
        ))
        .header("x-csrf-token", &officer.csrf)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let replayed = r.headers().contains_key("idempotent-replayed");
    (status, r.json().await.unwrap_or(Value::Null), replayed)
}

both_stores! {
    async fn a_desa_officer_records_a_walk_in_complaint_under_the_same_rules_and_the_code_reaches_the_citizens_phone(db: Db) {
        let gw = Providers::start().await;
        let app = spawn(db, gw.sms_env()).await;
        let koor = app.coordinator().await;
        let sekdes = app.officer(&koor, "sekdes", "petugas_wilayah", "desa-21.03.07.2004", None).await;
        let dlh = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None).await;
        let walk_in = report("Sampah menumpuk di dermaga", "0812-3456-7009", "publik");

        // The channel is required and must be one an officer records; the error names it.
        let (s, v, _) = file_for(&sekdes, "", "desk-1", &walk_in).await;
        assert_eq!(s, 422, "{v}");
        assert_eq!(v["error"]["fields"]["channel"].as_str().map(|m| m.contains("tatap_muka")), Some(true), "{v}");
        let (s, v, _) = file_for(&sekdes, "web", "desk-1", &walk_in).await;
        assert_eq!(s, 422, "{v}");
        // The citizen's own rules: a complaint without a category is refused the same way.
        let mut no_category = walk_in.clone();
        no_category["category"] = json!("");
        let (s, v, _) = file_for(&sekdes, "tatap_muka", "desk-2", &no_category).await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["category"].is_string(), "{v}");
        // A bidang officer does not file for citizens; nor does a request without the CSRF token.
        let (s, v, _) = file_for(&dlh, "tatap_muka", "desk-3", &walk_in).await;
        assert_eq!(s, 403, "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains("petugas wilayah"), "{v}");
        let r = sekdes.client.post(format!("{}/api/v1/petugas/reports?channel=tatap_muka", sekdes.base)).json(&walk_in).send().await.unwrap();
        assert_eq!(r.status(), 403);

        // Filed once, routed like the web form, even when the desk's connection retries.
        let (s, receipt, replayed) = file_for(&sekdes, "tatap_muka", "desk-4", &walk_in).await;
        assert_eq!((s, replayed), (201, false), "{receipt}");
        assert_eq!(receipt["unit"]["code"], "dlh-sampah", "{receipt}");
        let (s, again, replayed) = file_for(&sekdes, "tatap_muka", "desk-4", &walk_in).await;
        assert_eq!((s, replayed), (201, true));
        assert_eq!(again["tracking_code"], receipt["tracking_code"]);
        let code = receipt["tracking_code"].as_str().unwrap();

        // The citizen gets the codes on their phone, once.
        gw.wait_sms("+6281234567009", receipt["display_code"].as_str().unwrap()).await;
        let token = receipt["reporter_token"].as_str().unwrap();
        gw.wait_sms("+6281234567009", token).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let to_citizen = gw.sms().into_iter().filter(|m| m["phoneNumbers"][0] == "+6281234567009").count();
        assert_eq!(to_citizen, 1, "{:#?}", gw.sms());

        // Officers see how it came in and who recorded it; the public sees neither.
        let (s, d) = koor.detail(code).await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["channel"], "tatap_muka", "{d}");
        assert_eq!(d["history"][0]["actor"], "sekdes", "{d}");
        assert_eq!(d["history"][0]["role"], "petugas_wilayah", "{d}");
        let (_, public) = app.report(code).await;
        assert!(public["history"][0].get("actor").is_none(), "{public}");
        assert!(!public.to_string().contains("sekdes"), "{public}");

        // An anonymous walk-in: the handling unit never sees who it was.
        let anon = report("Sampah dibakar di lapangan", "0812-3456-7010", "anonim");
        let (s, r, _) = file_for(&sekdes, "telepon", "desk-5", &anon).await;
        assert_eq!(s, 201, "{r}");
        let anon_code = r["tracking_code"].as_str().unwrap();
        assert_eq!(koor.act(anon_code, json!({ "action": "verify" })).await.status(), 200);
        let (s, d) = dlh.detail(anon_code).await;
        assert_eq!(s, 200, "{d}");
        assert_eq!(d["reporter"]["hidden"], true, "{d}");
        assert!(!d.to_string().contains("Rudi") && !d.to_string().contains("7010"), "{d}");

        // Monev counts the desk's doors.
        let m: Value = koor.get("/api/v1/petugas/monev").await.json().await.unwrap();
        let now = &m["channels"][0];
        let count = |c: &str| now["counts"].as_array().unwrap().iter().find(|x| x["channel"] == c).map(|x| x["reports"].as_u64().unwrap());
        assert_eq!((count("tatap_muka"), count("telepon")), (Some(1), Some(1)), "{now}");
    }
}

/// Sends one signed WhatsApp event and returns the reply it gets (the next message to `from`).
async fn chat(app: &TestApp, wa: &Providers, from: &str, event: &str) -> String {
    let before = wa.whatsapp().iter().filter(|m| m["to"] == from).count();
    assert_eq!(
        whatsapp_webhook(app, event, Some(&wa_signature(WA_SECRET, event))).await,
        200
    );
    for _ in 0..200 {
        let to_them: Vec<Value> = wa
            .whatsapp()
            .into_iter()
            .filter(|m| m["to"] == from)
            .collect();
        if to_them.len() > before {
            return Providers::wa_text(&to_them[before]);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no reply to {event}; refused {:?}", wa.refused());
}

/// The number a reply lists a line containing `wanted` under ("2. Jalan rusak (…)").
fn choice(reply: &str, wanted: &str) -> Option<String> {
    reply
        .lines()
        .find(|l| l.contains(wanted))
        .and_then(|l| l.split_once(". "))
        .map(|(n, _)| n.to_string())
}

both_stores! {
    async fn a_whatsapp_conversation_files_one_routed_report_with_a_clean_photo_once(db: Db) {
        let wa = Providers::start().await;
        let app = spawn(db, wa.whatsapp_env()).await;
        let from = "6281234567321";
        let mut seq = 0;
        let mut say = |text: &str| {
            seq += 1;
            (format!("wamid.chat{seq}"), wa_event(from, &format!("wamid.chat{seq}"), text))
        };

        // Chat that names no problem files nothing and gets the help, which says how to report.
        let (_, e) = say("wkwk halo min, apa kabar?");
        assert!(chat(&app, &wa, from, &e).await.contains("ketik LAPOR"));
        // A number that stopped notices still gets the answers to its own messages, the
        // receipt included.
        let (_, e) = say("STOP");
        assert!(chat(&app, &wa, from, &e).await.contains("tidak akan menerima"));

        let (_, e) = say("LAPOR");
        assert!(chat(&app, &wa, from, &e).await.contains("Ceritakan masalah Anda"));
        // A photo before the story is kept.
        wa.add_media("880011", crate::photos::jpeg_with_exif(1600, 1200));
        let photo = wa_image_event(from, "wamid.photo1", "880011");
        assert!(chat(&app, &wa, from, &photo).await.contains("Foto ke-1 diterima"));

        let (_, e) = say("Jalan di depan SD Negeri 1 Ranai berlubang besar, sudah dua bulan membahayakan pengendara motor.");
        let offered = chat(&app, &wa, from, &e).await;
        let n = choice(&offered, "Jalan").unwrap_or_else(|| panic!("no road category in {offered}"));
        let (_, e) = say(&n);
        let mut reply = chat(&app, &wa, from, &e).await;
        // The category's questions: a road of the regency's.
        while !reply.starts_with("Di desa atau kelurahan mana") {
            let n = choice(&reply, "abupaten").unwrap_or_else(|| "1".into());
            let (_, e) = say(&n);
            reply = chat(&app, &wa, from, &e).await;
        }
        // The desa with a typo.
        let (_, e) = say("ranai drat");
        let reply = chat(&app, &wa, from, &e).await;
        assert!(reply.contains("Lokasi: Ranai Darat, Kec. Bunguran Timur") && reply.contains("1 foto sudah diterima"), "{reply}");
        let (_, e) = say("lanjut");
        let reply = chat(&app, &wa, from, &e).await;
        let n = choice(&reply, "Anonim").unwrap();
        let (_, e) = say(&n);
        let summary = chat(&app, &wa, from, &e).await;
        assert!(summary.contains("Ditangani oleh: ") && summary.contains("Alasan: ") && summary.contains("Foto: 1") && summary.contains("KIRIM"), "{summary}");
        let unit_line = summary.lines().find(|l| l.starts_with("Ditangani oleh: ")).unwrap().trim_start_matches("Ditangani oleh: ").to_string();
        assert!(wa.downloads().is_empty(), "photos are fetched on KIRIM, not before");

        let (_, kirim) = say("KIRIM");
        let receipt = chat(&app, &wa, from, &kirim).await;
        assert!(receipt.contains("laporan Anda diterima, kode") && receipt.contains("Kode pelapor"), "{receipt}");
        let code = receipt.split("/lacak/").nth(1).unwrap().trim().to_string();
        let (s, v) = app.report(&code).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["location"]["desa"], "21.03.07.1016", "{v}");
        assert_eq!(v["privacy"], "anonim");
        assert!(v["reporter_name"].is_null(), "{v}");
        assert!(unit_line.starts_with(v["unit"]["name"].as_str().unwrap()), "summary said {unit_line}; stored {v}");
        assert!(v["category"]["name"].as_str().unwrap().contains("Jalan"), "{v}");
        assert!(v["body"].as_str().unwrap().starts_with("Jalan di depan SD Negeri 1 Ranai"), "{v}");
        // The photo, cleaned like a web photo: no EXIF, no GPS.
        let photos = v["photos"].as_array().unwrap();
        assert_eq!(photos.len(), 1, "{v}");
        let bytes = app.get(photos[0]["url"].as_str().unwrap()).await.bytes().await.unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF survived");
        assert!(!bytes.windows(19).any(|w| w == b"NATUNA-GPS-SENTINEL"), "the EXIF text survived");

        // The same KIRIM delivered again files nothing; a new KIRIM (no conversation now) gets the
        // help; one report, its photo fetched once.
        assert_eq!(whatsapp_webhook(&app, &kirim, Some(&wa_signature(WA_SECRET, &kirim))).await, 200);
        let (_, e) = say("KIRIM");
        assert!(chat(&app, &wa, from, &e).await.contains("ketik LAPOR"));
        assert_eq!(app.list("").await["total"], 1);
        assert_eq!(wa.downloads(), vec!["880011".to_string()]);
        assert!(wa.refused().is_empty(), "{:?}", wa.refused());
    }
}

both_stores! {
    async fn a_number_without_whatsapp_gets_its_messages_by_sms_once(db: Db) {
        let wa = Providers::start().await;
        let mut env = wa.whatsapp_env();
        env.extend(wa.sms_env());
        let app = spawn(db, env).await;

        // Refused at once (the Cloud API answers 400): the receipt goes by SMS instead.
        wa.refuse_whatsapp_to("6281234567404");
        let r = app.submit(&report("Sampah di depan pasar Ranai", "0812-3456-7404", "publik")).await;
        let display = r["display_code"].as_str().unwrap().to_string();
        let sms = wa.wait_sms("+6281234567404", &display).await;
        let text = sms["textMessage"]["text"].as_str().unwrap();
        assert!(!text.contains('—'), "SMS text is plain: {text}");
        assert!(!wa.whatsapp().iter().any(|m| m["to"] == "6281234567404"));

        // Accepted, then reported failed by the status webhook (no WhatsApp on the number): SMS
        // takes it, once, however often the failure is reported; a delivered one stays.
        let r = app.submit(&report("Sampah di depan pasar Sedanau", "0812-3456-7405", "publik")).await;
        let display = r["display_code"].as_str().unwrap().to_string();
        let sent = wa.wait_whatsapp("6281234567405", &display).await;
        let ok = app.submit(&report("Sampah di depan pasar Binjai", "0812-3456-7406", "publik")).await;
        let delivered = wa.wait_whatsapp("6281234567406", ok["display_code"].as_str().unwrap()).await;
        let failed = wa_status_event(sent["id"].as_str().unwrap(), "failed", "6281234567405");
        for _ in 0..2 {
            assert_eq!(whatsapp_webhook(&app, &failed, Some(&wa_signature(WA_SECRET, &failed))).await, 200);
        }
        let fine = wa_status_event(delivered["id"].as_str().unwrap(), "delivered", "6281234567406");
        assert_eq!(whatsapp_webhook(&app, &fine, Some(&wa_signature(WA_SECRET, &fine))).await, 200);
        wa.wait_sms("+6281234567405", &display).await;
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let to = |n: &str| wa.sms().iter().filter(|m| m["phoneNumbers"][0] == n).count();
        assert_eq!(to("+6281234567405"), 1);
        assert_eq!(to("+6281234567406"), 0);
    }
}
