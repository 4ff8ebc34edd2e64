//! Exports for officers (`/api/v1/petugas/ekspor/…`), open data (`/data/laporan.…`) and the Atom
//! feed (`/laporan.atom`): who sees which reports and whose identity, the filters, and that the
//! files open in real readers (Python's `csv` module and openpyxl).

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::HashMap;

const SEPEMPANG: &str = "21.03.07.2004";
/// Kecamatan Bunguran Timur (Sepempang's) and another one.
const BUNGURAN_TIMUR: &str = "21.03.07";
const OTHER_KECAMATAN: &str = "21.03.04";

fn trash(title: &str, privacy: &str, name: &str, phone: &str, email: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "sampah", "title": title,
        "body": "Sampah menumpuk di pinggir jalan dan tidak diangkut lebih dari seminggu.",
        // With coordinates, as `valid_report`: on PostgreSQL a report without them stored after
        // one with them sometimes fails (a 500, "incorrect binary data format in bind parameter
        // 12", the latitude): sqlx 0.8.6's Any binds a NULL f64 as float4 (its Real and Double
        // NULLs are swapped, transact-rs/sqlx#4290), and a statement cached with that type then
        // refuses an 8-byte latitude. A fault of the submission's insert, not of exports.
        "location": { "desa": SEPEMPANG, "lat": 3.95, "lon": 108.39 }, "privacy": privacy,
        "reporter": { "name": name, "phone": phone, "email": email },
    })
}

/// Runs a Python snippet on a downloaded file; the snippet prints JSON.
fn python(app: &TestApp, bytes: &[u8], ext: &str, script: &str) -> Value {
    let path = app.data_path().join(format!("export-{}.{ext}", hex_id()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs (scripts/install-tools.sh --test installs openpyxl)");
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The CSV's rows, read by Python's csv module after checking the BOM.
fn csv_rows(app: &TestApp, bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let v = python(
        app,
        bytes,
        "csv",
        "import csv,json,sys\nwith open(sys.argv[1], encoding='utf-8-sig', newline='') as f: print(json.dumps(list(csv.reader(f))))",
    );
    serde_json::from_value(v).unwrap()
}

/// The workbook as openpyxl reads it: sheet names, frozen pane, and each cell's type and value.
fn workbook(app: &TestApp, bytes: &[u8]) -> Value {
    python(
        app,
        bytes,
        "xlsx",
        r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[{"type": type(c.value).__name__, "value": (c.value.isoformat() if hasattr(c.value, "isoformat") else c.value)} for c in row] for row in ws.iter_rows()]
print(json.dumps({"sheets": wb.sheetnames, "freeze": ws.freeze_panes, "rows": rows}))
"#,
    )
}

async fn download(o: &OfficerClient, path: &str) -> (u16, String, Vec<u8>) {
    let r = o.get(path).await;
    let status = r.status().as_u16();
    let disposition = r
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, disposition, r.bytes().await.unwrap().to_vec())
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name}"))
}

/// The column `name` of the row whose first cell is `code`.
fn cell<'a>(rows: &'a [Vec<String>], code: &str, name: &str) -> &'a str {
    let c = column(rows, name);
    &rows
        .iter()
        .find(|r| r[0] == code)
        .unwrap_or_else(|| panic!("row {code}"))[c]
}

fn codes(rows: &[Vec<String>]) -> Vec<String> {
    let mut c: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    c.sort();
    c
}

fn sorted(mut v: Vec<&String>) -> Vec<String> {
    v.sort();
    v.into_iter().cloned().collect()
}

struct World {
    app: TestApp,
    koor: OfficerClient,
    dlh: OfficerClient,
    code: HashMap<&'static str, String>,
    year: i32,
}

/// Reports of every kind: a public one (a title with XML's special characters), an anonymous
/// one, a confidential one, a road report for another OPD, one not yet verified, one rejected.
async fn world(db: Db) -> World {
    let app = TestApp::spawn(db).await;
    let koor = app.coordinator().await;
    let dlh = app
        .officer(&koor, "dlh", "petugas_unit", "dlh-sampah", None)
        .await;
    let mut code = HashMap::new();
    let h = hex_id();
    for (k, body) in [
        (
            "public",
            trash(
                &format!("Sampah & plastik <menumpuk> di pasar {h}"),
                "publik",
                "Rudi Hartono",
                "0812-1111-2222",
                "rudi@contoh.id",
            ),
        ),
        (
            "anon",
            trash(
                &format!("=1+1 Sampah di dermaga {h}"),
                "anonim",
                "Wati Anonim",
                "0813-3333-4444",
                "wati@contoh.id",
            ),
        ),
        (
            "secret",
            trash(
                &format!("Rahasia: pungutan liar petugas TPS {h}"),
                "rahasia",
                "Joko Rahasia",
                "0814-5555-6666",
                "joko@contoh.id",
            ),
        ),
        ("road", valid_report()),
        (
            "new",
            trash(
                &format!("Sampah belum diverifikasi {h}"),
                "publik",
                "Budi Baru",
                "0815-7777-8888",
                "budi@contoh.id",
            ),
        ),
        (
            "rejected",
            trash(
                &format!("Ditolak: laporan tidak pantas {h}"),
                "publik",
                "Tono Tolak",
                "0816-9999-0000",
                "tono@contoh.id",
            ),
        ),
    ] {
        let r = app.submit(&body).await;
        code.insert(
            k,
            r["tracking_code"]
                .as_str()
                .unwrap_or_else(|| panic!("{k}: {r}"))
                .to_string(),
        );
    }
    for k in ["public", "anon", "secret", "road"] {
        assert_eq!(
            koor.act(&code[k], json!({ "action": "verify" }))
                .await
                .status(),
            200,
            "{k}"
        );
    }
    assert_eq!(
        koor.act(
            &code["rejected"],
            json!({ "action": "reject", "reason": "Laporan berisi ujaran kebencian." })
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        dlh.act(
            &code["public"],
            json!({ "action": "answer", "text": "UPT Persampahan sudah mengangkut sampah hari ini." })
        )
        .await
        .status(),
        200
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let year = domain::Date::from_unix_wib(now).ymd().0;
    World {
        app,
        koor,
        dlh,
        code,
        year,
    }
}

both_stores! {
    async fn a_unit_exports_its_subtree_and_no_export_carries_a_hidden_identity(db: Db) {
        let w = world(db).await;
        let (app, c, y) = (&w.app, &w.code, w.year);
        // The bidang's export: the three reports routed to it, no road report, nothing unverified.
        let (status, disposition, bytes) = download(&w.dlh, "/api/v1/petugas/ekspor/laporan.csv").await;
        assert_eq!(status, 200);
        assert_eq!(disposition, format!("attachment; filename=\"laporan-{y}.csv\""));
        let rows = csv_rows(app, &bytes);
        assert_eq!(codes(&rows), sorted(vec![&c["public"], &c["anon"], &c["secret"]]));
        let text = String::from_utf8_lossy(&bytes);
        // Phones are stored as +62…: their digits are what must not appear.
        for hidden in ["Wati Anonim", "81333334444", "wati@contoh.id", "Joko Rahasia", "81455556666", "joko@contoh.id"] {
            assert!(!text.contains(hidden), "a unit never sees {hidden}");
        }
        assert_eq!(cell(&rows, &c["public"], "Nama pelapor"), "Rudi Hartono");
        assert_eq!(cell(&rows, &c["anon"], "Nama pelapor"), "(dirahasiakan)");
        // The formula in a title is defused; the national category and the timeline are there.
        assert!(cell(&rows, &c["anon"], "Judul").starts_with("'=1+1 Sampah"));
        assert!(!cell(&rows, &c["public"], "Kategori nasional (SP4N-LAPOR!)").is_empty());
        assert!(!cell(&rows, &c["public"], "Diverifikasi").is_empty());
        assert!(!cell(&rows, &c["public"], "Diteruskan ke unit").is_empty());
        assert!(!cell(&rows, &c["public"], "Tanggapan pertama").is_empty());
        assert_eq!(cell(&rows, &c["public"], "Ketepatan waktu"), "Tepat waktu");
        assert_eq!(cell(&rows, &c["anon"], "Ketepatan waktu"), "Belum ditanggapi");
        assert_eq!(cell(&rows, &c["anon"], "Tanggapan pertama"), "");

        // The coordinator: every report; a hidden identity is opened one report at a time with
        // a reason the reporter reads ("Buka identitas"), never in bulk by an export.
        let (status, _, bytes) = download(&w.koor, "/api/v1/petugas/ekspor/laporan.csv").await;
        assert_eq!(status, 200);
        let rows = csv_rows(app, &bytes);
        assert_eq!(rows.len(), 7, "six reports and the header");
        let text = String::from_utf8_lossy(&bytes);
        for hidden in ["Wati Anonim", "81333334444", "wati@contoh.id", "Joko Rahasia", "81455556666", "joko@contoh.id"] {
            assert!(!text.contains(hidden), "no export carries {hidden}");
        }
        assert_eq!(cell(&rows, &c["anon"], "Nama pelapor"), "(dirahasiakan)");
        assert_eq!(cell(&rows, &c["public"], "Nama pelapor"), "Rudi Hartono");
        assert!(cell(&rows, &c["rejected"], "Selesai/ditutup").starts_with(&y.to_string()));
        assert_eq!(cell(&rows, &c["anon"], "Selesai/ditutup"), "");

        // Filters.
        let koor = &w.koor;
        let only = |q: &str| {
            let q = q.to_string();
            async move {
            let (s, _, b) = download(koor, &format!("/api/v1/petugas/ekspor/laporan.csv?{q}")).await;
            assert_eq!(s, 200, "{q}: {}", String::from_utf8_lossy(&b));
            codes(&csv_rows(app, &b))
        }};
        assert_eq!(only("status=diterima").await, vec![c["new"].clone()]);
        assert_eq!(only("kategori=jalan-rusak").await, vec![c["road"].clone()]);
        assert_eq!(only("opd=dpupr").await, vec![c["road"].clone()]);
        assert_eq!(only("unit=dlh-sampah&status=ditindaklanjuti").await, vec![c["public"].clone()]);
        assert_eq!(only("periode=2001-Q1").await, Vec::<String>::new());
        assert_eq!(only(&format!("periode={y}")).await.len(), 6);
        for (q, field) in [("periode=2026-13", "periode"), ("status=hilang", "status"), ("opd=dlh-sampah", "opd"), ("kategori=tidak-ada", "kategori")] {
            let r = w.koor.get(&format!("/api/v1/petugas/ekspor/laporan.xlsx?{q}")).await;
            assert_eq!(r.status(), 422, "{q}");
            let v: Value = r.json().await.unwrap();
            assert!(v["error"]["fields"][field].is_string(), "{v}");
            assert!(v["error"]["message"].as_str().unwrap().starts_with("Permintaan belum dapat diproses"), "{v}");
        }
        // Without a session: no export.
        assert_eq!(app.get("/api/v1/petugas/ekspor/laporan.csv").await.status(), 401);
    }
}

both_stores! {
    async fn the_workbooks_open_with_typed_cells_dates_and_a_frozen_header(db: Db) {
        let w = world(db).await;
        let (app, c, y) = (&w.app, &w.code, w.year);
        let (status, disposition, bytes) = download(&w.koor, &format!("/api/v1/petugas/ekspor/laporan.xlsx?periode={y}")).await;
        assert_eq!(status, 200);
        assert_eq!(disposition, format!("attachment; filename=\"laporan-{y}.xlsx\""));
        let wb = workbook(app, &bytes);
        assert_eq!(wb["sheets"], json!(["Laporan"]));
        assert_eq!(wb["freeze"], "A2");
        let rows = wb["rows"].as_array().unwrap();
        let head: Vec<&str> = rows[0].as_array().unwrap().iter().map(|h| h["value"].as_str().unwrap()).collect();
        let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
        let row = rows.iter().find(|r| r[0]["value"] == c["public"].as_str()).expect("the public report");
        assert_eq!(row[col("Diterima")]["type"], "datetime");
        assert!(row[col("Diterima")]["value"].as_str().unwrap().starts_with(&y.to_string()));
        assert_eq!(row[col("Tanggapan pertama")]["type"], "datetime");
        assert_eq!(row[col("Hari kerja sampai tanggapan")]["type"], "int");
        assert_eq!(row[col("Dialihkan/dikembalikan")], json!({ "type": "int", "value": 0 }));
        assert!(row[col("Judul")]["value"].as_str().unwrap().starts_with("Sampah & plastik <menumpuk> di pasar"));
        assert_eq!(rows.len(), 7);

        // Monev: the period's figures for the regency, each OPD and unit.
        let (status, disposition, bytes) = download(&w.koor, &format!("/api/v1/petugas/ekspor/monev.xlsx?periode={y}")).await;
        assert_eq!(status, 200);
        assert_eq!(disposition, format!("attachment; filename=\"monev-{y}.xlsx\""));
        let wb = workbook(app, &bytes);
        assert_eq!(wb["sheets"], json!(["Monev"]));
        assert_eq!(wb["freeze"], "A2");
        let rows = wb["rows"].as_array().unwrap();
        let head: Vec<&str> = rows[0].as_array().unwrap().iter().map(|h| h["value"].as_str().unwrap()).collect();
        let received = head.iter().position(|h| *h == "Laporan masuk").unwrap();
        let by_code = |code: &str| rows.iter().find(|r| r[2]["value"] == code).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(rows[1][1]["value"], "Kabupaten");
        assert_eq!(rows[1][received], json!({ "type": "int", "value": 6 }));
        // Counted where they are now: the three verified, the new one and the rejected one.
        assert_eq!(by_code("dlh-sampah")[received], json!({ "type": "int", "value": 5 }));
        let on_time = head.iter().position(|h| h.starts_with("Ditanggapi tepat waktu")).unwrap();
        assert_eq!(by_code("dlh-sampah")[on_time], json!({ "type": "float", "value": 100.0 }));

        // The bidang's monev: its own rows only.
        let (_, _, bytes) = download(&w.dlh, &format!("/api/v1/petugas/ekspor/monev.csv?periode={y}")).await;
        let rows = csv_rows(app, &bytes);
        let units: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
        assert_eq!(units, vec!["dlh-sampah"]);
    }
}

both_stores! {
    async fn open_data_and_feeds_hold_no_identity_no_confidential_and_no_rejected_report(db: Db) {
        let w = world(db).await;
        let (app, c) = (&w.app, &w.code);
        let secret_title = "Rahasia: pungutan liar petugas TPS";
        let identities = ["Rudi Hartono", "81211112222", "rudi@contoh.id", "Wati Anonim", "81333334444", "wati@contoh.id", "Joko Rahasia", "81455556666", "joko@contoh.id", "Siti Aminah", "81234567890", "siti@contoh.id"];
        let public = sorted(vec![&c["public"], &c["anon"], &c["road"], &c["new"]]);

        let r = app.get("/data/laporan.json").await;
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        let items: Vec<domain::wire::OpenReport> = serde_json::from_str(&text).expect("an array of wire::OpenReport");
        let mut got: Vec<String> = items.iter().map(|i| i.tracking_code.clone()).collect();
        got.sort();
        assert_eq!(got, public);
        for s in identities.iter().chain([&secret_title, &"Ditolak: laporan tidak pantas"]) {
            assert!(!text.contains(s), "open data never holds {s}");
        }
        let road = items.iter().find(|i| i.tracking_code == c["road"]).unwrap();
        assert!(!road.national_category.is_empty() && road.url.ends_with(&format!("/lacak/{}", c["road"])));

        let r = app.get("/data/laporan.csv?kategori=sampah").await;
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().await.unwrap();
        let rows = csv_rows(app, &bytes);
        assert_eq!(codes(&rows), sorted(vec![&c["public"], &c["anon"], &c["new"]]));
        let text = String::from_utf8_lossy(&bytes);
        for s in identities.iter().chain([&secret_title]) {
            assert!(!text.contains(s), "open data never holds {s}");
        }
        assert_eq!(app.get("/data/laporan.json?desa=99").await.status(), 422);

        // The feed: well-formed Atom (Python's XML parser), escaped titles, public reports only.
        let feed = |q: &str| {
            let q = q.to_string();
            async move {
            let r = app.get(&format!("/laporan.atom{q}")).await;
            assert_eq!(r.status(), 200, "{q}");
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
            let text = r.text().await.unwrap();
            let v = python(app, text.as_bytes(), "atom", r#"
import json, sys
import xml.etree.ElementTree as ET
a = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
print(json.dumps({"root": root.tag, "updated": root.find(a + "updated").text, "entries": [
  {"title": e.find(a + "title").text, "id": e.find(a + "id").text, "link": e.find(a + "link").get("href"), "updated": e.find(a + "updated").text}
  for e in root.findall(a + "entry")]}))
"#);
            (text, v)
        }};
        let (text, v) = feed("").await;
        assert_eq!(v["root"], "{http://www.w3.org/2005/Atom}feed");
        let entries = v["entries"].as_array().unwrap();
        let mut links: Vec<String> = entries.iter().map(|e| e["link"].as_str().unwrap().rsplit('/').next().unwrap().to_string()).collect();
        links.sort();
        assert_eq!(links, public);
        assert!(entries.iter().any(|e| e["title"].as_str().unwrap().starts_with("Sampah & plastik <menumpuk> di pasar")));
        assert!(entries.iter().all(|e| e["id"] == e["link"] && e["updated"].as_str().unwrap().ends_with("+07:00")));
        for s in identities.iter().chain([&secret_title, &"Ditolak: laporan tidak pantas"]) {
            assert!(!text.contains(s), "the feed never holds {s}");
        }
        assert_eq!(feed("?kategori=jalan-rusak").await.1["entries"].as_array().unwrap().len(), 1);
        assert_eq!(feed("?opd=dlh").await.1["entries"].as_array().unwrap().len(), 3);
        assert_eq!(feed(&format!("?kecamatan={BUNGURAN_TIMUR}&desa={SEPEMPANG}")).await.1["entries"].as_array().unwrap().len(), 4);
        assert_eq!(feed(&format!("?kecamatan={OTHER_KECAMATAN}")).await.1["entries"].as_array().unwrap().len(), 0);
        let r = app.get("/laporan.atom?kecamatan=Bunguran").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("tidak ada di Kabupaten Natuna"));

        // The list page points to its feed.
        let page = app.get("/laporan").await.text().await.unwrap();
        assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml""#), "a feed link in the head");
        assert!(page.contains(r#"href="/laporan.atom""#));
    }
}

both_stores! {
    async fn compressed_downloads_arrive_whole(db: Db) {
        // Browsers ask for gzip or brotli: a CSV export, open data and the feed are compressed on
        // the way, and must still arrive complete (the compression once polled the finished
        // stream again and the download broke off empty).
        use std::io::Read;
        let app = TestApp::spawn(db).await;
        let title = unique("Sampah menumpuk di pasar");
        let r = app.post_json(&trash(&title, "publik", "Siti Aminah", "0812-3456-7890", "")).await;
        assert_eq!(r.status(), 201);
        let koor = app.coordinator().await;
        for (client, url) in [
            (&koor.client, format!("{}/api/v1/petugas/ekspor/laporan.csv", app.base)),
            (&koor.client, format!("{}/api/v1/petugas/ekspor/monev.csv", app.base)),
            (&koor.client, format!("{}/data/laporan.csv", app.base)),
            (&koor.client, format!("{}/data/laporan.json", app.base)),
            (&koor.client, format!("{}/laporan.atom", app.base)),
        ] {
            let res = client.get(&url).header("accept-encoding", "gzip").send().await.unwrap();
            assert_eq!(res.status(), 200, "{url}");
            assert_eq!(res.headers()["content-encoding"], "gzip", "{url}");
            let gz = res.bytes().await.unwrap();
            let mut text = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut text)
                .unwrap_or_else(|e| panic!("{url}: {e}"));
            if url.contains("monev") {
                assert!(text.contains("Kabupaten Natuna"), "{url}: {text}");
            } else {
                assert!(text.contains(&title), "{url}: the report is in it: {text}");
            }
        }
    }
}
