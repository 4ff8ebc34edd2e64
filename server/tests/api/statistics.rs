//! The public statistics (`/statistik`, `GET /api/v1/statistik`) against reports with known
//! timelines: the server's clock is moved to fixed days around Christmas 2026 and New Year 2027,
//! so holidays and collective leave fall inside the working-day counts.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};

/// Moves the server's clock to `y-m-d` at 10:00 WIB.
async fn at(app: &mut TestApp, y: i32, m: u32, d: u32) {
    let target = domain::Date::from_ymd(y, m, d).unwrap().days() as i64 * 86_400 + 3 * 3600;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    app.restart_with(&[("CLOCK_OFFSET_SECS", &(target - now).to_string())])
        .await;
}

/// The officer again, on the restarted server's address.
async fn login(app: &TestApp, username: &str) -> OfficerClient {
    app.login(username, PASSWORD).await.expect("logs in")
}

fn report(title: &str, privacy: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "sampah", "title": title,
        "body": "Sampah menumpuk di pinggir jalan dan tidak diangkut lebih dari seminggu.",
        "location": { "desa": "21.03.07.2004" }, "privacy": privacy,
        "reporter": { "name": "Rudi Hartono", "phone": "0812-1111-2222" },
    })
}

fn figure<'a>(s: &'a Value, row: &'a Value, key: &str) -> &'a str {
    let i = s["heads"]
        .as_array()
        .unwrap()
        .iter()
        .position(|h| h["key"] == key)
        .unwrap();
    row["cells"][i]["text"].as_str().unwrap()
}

both_stores! {
    async fn each_figure_counts_working_days_holidays_returns_and_reopenings(db: Db) {
        let mut app = TestApp::spawn(db).await;
        // Monday 21 December 2026: six reports arrive.
        at(&mut app, 2026, 12, 21).await;
        let koor = app.coordinator().await;
        let _ = app.officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None).await;
        let _ = app.officer(&koor, "dinkes", "penghubung_opd", "dinkes", None).await;
        let mut code = std::collections::HashMap::new();
        let mut token = std::collections::HashMap::new();
        for (k, privacy) in [("a", "publik"), ("b", "publik"), ("c", "publik"), ("d", "anonim"), ("e", "publik"), ("f", "rahasia")] {
            let r = app.submit(&report(&format!("Sampah laporan {k} {}", hex_id()), privacy)).await;
            code.insert(k, r["tracking_code"].as_str().unwrap().to_string());
            token.insert(k, r["reporter_token"].as_str().unwrap_or_default().to_string());
        }
        let secret_title = app.submit(&report("Rahasia: nama pejabat yang memungut biaya", "rahasia")).await;
        let g = secret_title["tracking_code"].as_str().unwrap().to_string();
        // Verified the same day (on time) and routed: a, b, f, g. e is not the regency's.
        for k in ["a", "b", "f"] {
            assert_eq!(koor.act(&code[k], json!({ "action": "verify" })).await.status(), 200);
        }
        assert_eq!(koor.act(&g, json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(koor.act(&code["e"], json!({ "action": "not_authority", "to": "ext-pln", "note": "Sudah kami teruskan ke PLN ULP Natuna." })).await.status(), 200);

        // Monday 28 December: c verified on the third working day (24 and 25 December are
        // collective leave and Christmas), to the wrong OPD, which returns it; routed again.
        at(&mut app, 2026, 12, 28).await;
        let (koor, dinkes) = (login(&app, "koordinator").await, login(&app, "dinkes").await);
        assert_eq!(koor.act(&code["c"], json!({ "action": "verify", "to": "dinkes" })).await.status(), 200);
        assert_eq!(dinkes.act(&code["c"], json!({ "action": "return", "reason": "Ini urusan kebersihan, bukan kesehatan." })).await.status(), 200);
        assert_eq!(koor.act(&code["c"], json!({ "action": "route", "to": "dlh-sampah" })).await.status(), 200);

        // Tuesday 29 December: a answered after 4 working days (6 without the holidays), reopened
        // by its reporter and answered again; d verified on the fourth working day (late).
        at(&mut app, 2026, 12, 29).await;
        let (koor, dlh) = (login(&app, "koordinator").await, login(&app, "dlh").await);
        assert_eq!(dlh.act(&code["a"], json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah pada 2 Desember 2026." })).await.status(), 200);
        let r = app.client.post(app.url(&format!("/api/v1/reports/{}/reopen", code["a"]))).json(&json!({ "token": token["a"], "reason": "Masih ada yang tertinggal." })).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(dlh.act(&code["a"], json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sisanya hari ini." })).await.status(), 200);
        assert_eq!(koor.act(&code["d"], json!({ "action": "verify" })).await.status(), 200);

        // Thursday 7 January 2027: b answered after 9 working days (1 and 6 January are
        // holidays): late. c (routed 28 December) and f, g (21 December) are overdue now; d
        // (routed 29 December) is due today.
        at(&mut app, 2027, 1, 7).await;
        let dlh = login(&app, "dlh").await;
        assert_eq!(dlh.act(&code["b"], json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah pada 2 Desember 2026." })).await.status(), 200);

        let r = app.get("/api/v1/statistik?periode=2026-12").await;
        assert_eq!(r.status(), 200);
        let s: Value = r.json().await.unwrap();
        let reg = &s["regency"];
        assert_eq!(figure(&s, reg, "received"), "7", "{s}");
        assert_eq!(figure(&s, reg, "verified_on_time"), "83,3%", "5 of 6 verified on time");
        assert_eq!(figure(&s, reg, "answered_on_time"), "50,0%", "a on time, b late");
        assert_eq!(figure(&s, reg, "median_answer_days"), "4 hari kerja");
        assert_eq!(figure(&s, reg, "misrouted"), "16,7%", "c of the 6 routed");
        assert_eq!(figure(&s, reg, "reopened"), "50,0%", "a of the 2 answered");
        assert_eq!(figure(&s, reg, "not_authority"), "14,3%", "e of 7");
        assert_eq!(figure(&s, reg, "overdue_now"), "3", "c, f and g");
        assert_eq!(figure(&s, reg, "rating"), "—");
        // Per OPD and unit: the cleaning unit holds a, b, c, d, f, g; the outside body e.
        let dlh_row = s["opds"].as_array().unwrap().iter().find(|o| o["opd"]["name"]["code"] == "dlh").unwrap();
        assert_eq!(figure(&s, &dlh_row["opd"], "received"), "6");
        let unit = dlh_row["units"].as_array().unwrap().iter().find(|u| u["name"]["code"] == "dlh-sampah").unwrap();
        assert_eq!(figure(&s, unit, "answered_on_time"), "50,0%");
        let dinkes_row = s["opds"].as_array().unwrap().iter().find(|o| o["opd"]["name"]["code"] == "dinkes").unwrap();
        assert_eq!(figure(&s, &dinkes_row["opd"], "received"), "0", "the report counts where it is now");
        assert_eq!(s["external"], json!([{ "code": "ext-pln", "label": s["external"][0]["label"], "n": 1 }]));
        // Places, months, kinds and channels.
        let bt = s["kecamatan"].as_array().unwrap().iter().find(|k| k["kecamatan"]["code"] == "21.03.07").unwrap();
        assert_eq!((bt["reports"].as_u64(), bt["desa_reporting"].as_u64()), (Some(7), Some(1)));
        let dec = s["trend"].as_array().unwrap().iter().find(|m| m["month"] == "2026-12").unwrap();
        assert_eq!((dec["received"].as_u64(), dec["answered"].as_u64()), (Some(7), Some(2)));
        assert_eq!(s["by_type"].as_array().unwrap().iter().find(|t| t["code"] == "pengaduan").unwrap()["n"], 7);
        assert_eq!(s["by_channel"], json!([{ "code": "web", "label": s["by_channel"][0]["label"], "n": 7 }]));
        // Another month has none of them.
        let nov: Value = app.get("/api/v1/statistik?periode=2026-11").await.json().await.unwrap();
        assert_eq!(figure(&nov, &nov["regency"], "received"), "0");

        // The page: the same figures, no JavaScript, the confidential report only counted.
        let page = app.get("/statistik?periode=2026-12").await.text().await.unwrap();
        for text in ["83,3%", "50,0%", "4 hari kerja", "16,7%", "14,3%", "Bunguran Timur", "Penjelasan angka"] {
            assert!(page.contains(text), "the page shows {text}");
        }
        assert!(!page.contains("<script"), "the statistics page needs no JavaScript");
        for secret in ["nama pejabat", &g, &code["f"], "Rudi Hartono", "0812-1111-2222"] {
            assert!(!page.contains(secret), "the page never shows {secret}");
        }
        let en = app.get("/statistik?periode=2026-Q4&lang=en").await.text().await.unwrap();
        assert!(en.contains("Quarter 4 2026") && en.contains("83.3%"), "English, with the quarter");
        // A period that cannot be read says how to write one.
        let bad = app.get("/statistik?periode=Desember").await;
        assert_eq!(bad.status(), 422);
        assert!(bad.text().await.unwrap().contains("2026-Q4"));
        let bad: Value = app.get("/api/v1/statistik?periode=2026-13").await.json().await.unwrap();
        assert_eq!(bad["error"]["fields"]["periode"].as_str().map(|m| m.contains("triwulan")), Some(true));
    }
}
