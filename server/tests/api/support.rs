//! "Saya juga mengalami": similar open public reports before sending, support once per device,
//! the count everywhere a report is shown, followers told of a new status, never who.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};
use std::time::Duration;

const SEPEMPANG: &str = "21.03.07.2004";
const RANAI_KOTA: &str = "21.03.07.1011";
const MIDAI_DESA: &str = "21.03.04.2001";

fn road(title: &str, desa: &str, privacy: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "jalan-rusak", "answers": { "status_jalan": "kabupaten" },
        "title": title, "body": "Lubang besar di tengah jalan, motor sering jatuh saat hujan turun.",
        "location": { "desa": desa }, "privacy": privacy, "reporter": { "name": "Rina", "phone": "0812 1111 2222" },
    })
}

fn codes(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["tracking_code"].as_str().unwrap().to_string())
        .collect()
}

async fn support(app: &TestApp, code: &str, body: Value) -> (u16, Value) {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/reports/{code}/support")))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

both_stores! {
    async fn similar_open_reports_are_offered_and_supported_once_per_device(db: Db) {
        let app = TestApp::spawn_with(db, &[("SUPPORT_BURST", "4"), ("SUPPORTS_PER_HOUR", "1")]).await;
        let code = |v: Value| v["tracking_code"].as_str().unwrap().to_string();
        let sepempang = code(app.submit(&road("Jalan Sepempang berlubang", SEPEMPANG, "publik")).await);
        let ranai = code(app.submit(&road("Jalan Ranai berlubang", RANAI_KOTA, "publik")).await);
        let secret = code(app.submit(&road("Jalan rahasia berlubang", SEPEMPANG, "rahasia")).await);
        let midai = code(app.submit(&road("Jalan Midai berlubang", MIDAI_DESA, "publik")).await);
        let mut trash = road("Sampah di Sepempang", SEPEMPANG, "publik");
        trash["category"] = json!("sampah");
        trash["answers"] = json!({});
        let trash = code(app.submit(&trash).await);

        // Same category, same kecamatan, the asker's desa first; never a confidential report,
        // another category or another kecamatan.
        let page: Value = app.get(&format!("/api/v1/reports/similar?category=jalan-rusak&desa={RANAI_KOTA}")).await.json().await.unwrap();
        assert_eq!(codes(&page), [ranai.clone(), sepempang.clone()]);
        assert_eq!(page["days"], 30);
        assert_eq!(page["items"][0]["desa_name"], "Ranai Kota");
        let page: Value = app.get(&format!("/api/v1/reports/similar?category=jalan-rusak&desa={SEPEMPANG}")).await.json().await.unwrap();
        assert_eq!(codes(&page), [sepempang.clone(), ranai.clone()]);
        for c in [&secret, &midai, &trash] {
            assert!(!codes(&page).contains(c));
        }
        // Bad parameters are named.
        let r = app.get("/api/v1/reports/similar?category=tidak-ada&desa=21.03.07").await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["fields"]["category"].as_str().is_some(), true, "{e}");
        let r = app.get("/api/v1/reports/similar?category=jalan-rusak").await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert!(e["error"]["fields"]["desa"].as_str().unwrap().contains("desa/kelurahan"), "{e}");

        // Once per device: the same device again changes nothing and costs no rate-limit token.
        let device = "perangkat-satu-0001";
        let (s, a) = support(&app, &sepempang, json!({ "device": device, "email": "Tetangga@Contoh.id" })).await;
        assert_eq!((s, a["supporters"].clone(), a["added"].clone(), a["following"].clone()), (201, json!(1), json!(true), json!(true)));
        let (s, a) = support(&app, &sepempang, json!({ "device": device })).await;
        assert_eq!((s, a["supporters"].clone(), a["added"].clone(), a["following"].clone()), (200, json!(1), json!(false), json!(true)));
        let (s, a) = support(&app, &sepempang, json!({ "device": "perangkat-dua-00002" })).await;
        assert_eq!((s, a["supporters"].clone(), a["following"].clone()), (201, json!(2), json!(false)));
        // A bad device id or contact is named, in Indonesian.
        let (s, e) = support(&app, &sepempang, json!({ "device": "x", "phone": "12" })).await;
        assert_eq!(s, 422);
        assert!(e["error"]["fields"]["device"].as_str().unwrap().contains("Tanda perangkat"), "{e}");
        assert!(e["error"]["fields"]["phone"].as_str().unwrap().contains("Nomor telepon"), "{e}");
        // A confidential report cannot be found this way.
        assert_eq!(support(&app, &secret, json!({ "device": "perangkat-tiga-0003" })).await.0, 404);
        // A finished report is no longer offered nor supported.
        let koor = app.coordinator().await;
        let token = app.submit(&road("Jalan Sepempang retak", SEPEMPANG, "publik")).await;
        let finished = code(token.clone());
        assert_eq!(koor.act(&finished, json!({ "action": "not_authority", "to": "ext-pln", "note": "Diteruskan." })).await.status(), 200);
        let page: Value = app.get(&format!("/api/v1/reports/similar?category=jalan-rusak&desa={SEPEMPANG}")).await.json().await.unwrap();
        assert!(!codes(&page).contains(&finished));
        let (s, e) = support(&app, &finished, json!({ "device": "perangkat-lima-0005" })).await;
        assert_eq!(s, 409, "{e}");
        assert!(e["error"]["message"].as_str().unwrap().contains("kirim laporan baru"), "{e}");
        // The burst (4) is used up by three supports and the lookup that found nothing (a refusal of
        // a closed report gives its token back); the next waits.
        assert_eq!(support(&app, &ranai, json!({ "device": "perangkat-tiga-0003" })).await.0, 201);
        let (s, e) = support(&app, &ranai, json!({ "device": "perangkat-empat-004" })).await;
        assert_eq!(s, 429, "{e}");
        assert!(e["error"]["message"].as_str().unwrap().contains("saya juga mengalami"), "{e}");

        // The count is on the public view, the public list, the similar list and the officers'
        // queue; the supporter's contact is nowhere.
        let (_, v) = app.report(&sepempang).await;
        assert_eq!(v["supporters"], 2);
        let list = app.list("").await;
        let item = list["items"].as_array().unwrap().iter().find(|i| i["tracking_code"] == sepempang.as_str()).unwrap().clone();
        assert_eq!(item["supporters"], 2);
        let q: Value = koor.get("/api/v1/petugas/reports").await.json().await.unwrap();
        let item = q["items"].as_array().unwrap().iter().find(|i| i["tracking_code"] == sepempang.as_str()).unwrap().clone();
        assert_eq!(item["supporters"], 2);
        let (_, detail) = koor.detail(&sepempang).await;
        for text in [v.to_string(), list.to_string(), q.to_string(), detail.to_string()] {
            assert!(!text.to_lowercase().contains("tetangga@contoh.id"), "a supporter's e-mail leaked: {text}");
            assert!(!text.contains(device), "a device id leaked");
        }
        // The review step's fragment: this phone's support (it left an e-mail) is shown as such,
        // another phone gets the button; a bad query is named.
        let fragment = |device: &'static str| {
            let url = app.url(&format!("/lapor/serupa?category=jalan-rusak&desa={SEPEMPANG}"));
            let client = app.client.clone();
            async move { client.get(url).header("x-lapor-device", device).send().await.unwrap().text().await.unwrap() }
        };
        let mine = fragment(device).await;
        assert!(mine.contains("Dukungan Anda tercatat. Perkembangan laporan ini akan dikirim"), "{mine}");
        assert!(mine.contains("2 orang juga mengalami"), "{mine}");
        assert!(!mine.contains(&format!("data-support=\"{sepempang}\"")), "{mine}");
        let other = fragment("perangkat-lain-00009").await;
        assert!(other.contains(&format!("data-support=\"{sepempang}\"")), "{other}");
        assert!(!other.contains("tetangga"), "never a supporter's contact");
        assert_eq!(app.get("/lapor/serupa?desa=21.03.07").await.status(), 422);
        let page = app.get(&format!("/lacak/{sepempang}")).await.text().await.unwrap();
        assert!(page.contains("2 orang juga mengalami"), "the no-JS status page shows the count");

    }
}

both_stores! {
    async fn reports_older_than_thirty_days_are_not_offered(db: Db) {
        let mut app = TestApp::spawn(db).await;
        let code = app.submit(&road("Jalan Sepempang berlubang", SEPEMPANG, "publik")).await["tracking_code"].as_str().unwrap().to_string();
        let page: Value = app.get(&format!("/api/v1/reports/similar?category=jalan-rusak&desa={SEPEMPANG}")).await.json().await.unwrap();
        assert_eq!(codes(&page), [code.clone()]);
        let later = (31 * 86_400).to_string();
        app.restart_with(&[("CLOCK_OFFSET_SECS", later.as_str())]).await;
        let page: Value = app.get(&format!("/api/v1/reports/similar?category=jalan-rusak&desa={SEPEMPANG}")).await.json().await.unwrap();
        assert_eq!(codes(&page), Vec::<String>::new());
    }
}

both_stores! {
    async fn a_supporter_who_left_an_email_hears_of_a_new_status(db: Db) {
        let port = free_port();
        let sink = SmtpSink::start_on(port);
        let smtp = format!("smtp://127.0.0.1:{port}");
        let app = TestApp::spawn_with(db, &[("SMTP_URL", &smtp), ("MAIL_INTERVAL_SECS", "1"), ("PUBLIC_URL", "https://lapor.natunakab.go.id")]).await;
        let code = app.submit(&road("Jalan Sepempang berlubang", SEPEMPANG, "publik")).await["tracking_code"].as_str().unwrap().to_string();
        assert_eq!(support(&app, &code, json!({ "device": "perangkat-satu-0001", "email": "tetangga@contoh.id" })).await.0, 201);
        assert_eq!(support(&app, &code, json!({ "device": "perangkat-dua-00002" })).await.0, 201);
        let koor = app.coordinator().await;
        assert_eq!(koor.act(&code, json!({ "action": "verify" })).await.status(), 200);
        let mail = decode_qp(&sink.wait_for("tetangga@contoh.id", "Laporan yang Anda dukung").await);
        assert!(mail.contains("Jalan Sepempang berlubang"), "{mail}");
        assert!(mail.contains(&format!("https://lapor.natunakab.go.id/lacak/{code}")), "{mail}");
        // One message per status change, to that follower only.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let to_follower = sink.messages().iter().filter(|m| m.contains("X-Rcpt-To: tetangga@contoh.id")).count();
        assert_eq!(to_follower, 1);
    }
}
