//! Routing that learns: reports officers had to move become examples, and `server learn` writes
//! the report for Diskominfo, a catalog diff the catalog build accepts, and a retrained model.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};
use std::process::Command;

// The build's file, included as it is: its lints are the build's.
#[allow(dead_code, clippy::all)]
#[path = "../../../domain/build_support/catalog.rs"]
mod catalog_check;

const SEPEMPANG: &str = "21.03.07.2004";

/// A citizen files under "jalan rusak" (regency road: Bina Marga) what belongs elsewhere.
fn road_report(title: &str, body: &str, privacy: &str) -> Value {
    json!({
        "type": "pengaduan", "category": "jalan-rusak", "answers": { "status_jalan": "kabupaten" },
        "title": title, "body": body,
        "location": { "desa": SEPEMPANG }, "privacy": privacy,
        "reporter": { "name": "Rahmat Hidayat", "phone": "081377776666", "email": "rahmat@contoh.id" },
    })
}

fn catalog_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/catalog")
}

/// `server learn --out DIR` against this app's store.
fn learn(app: &TestApp, out: &std::path::Path) -> std::process::Output {
    let mut cmd = Command::new(server_bin());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATA_DIR", app.data_path())
        .arg("learn")
        .arg("--out")
        .arg(out)
        .arg("--catalog")
        .arg(catalog_dir());
    if let Some(u) = &app.database_url {
        cmd.env("DATABASE_URL", u);
    }
    cmd.output().unwrap()
}

both_stores! {
    async fn rerouted_returned_and_not_our_authority_reports_teach_the_suggestions_and_the_catalog(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let submit = |title: &'static str, body: &'static str, privacy: &'static str| {
            let app = &app;
            async move { app.submit(&road_report(title, body, privacy)).await["tracking_code"].as_str().unwrap().to_string() }
        };
        // Electricity is PLN's: "bukan wewenang" before any unit saw it.
        let pln = [
            ("Tiang listrik miring di pinggir jalan dekat sekolah", "Tiang listrik di pinggir jalan sudah miring dan kabelnya menjuntai rendah, berbahaya bagi anak sekolah."),
            ("Kabel listrik menjuntai ke jalan desa", "Kabel listrik putus menjuntai sampai ke jalan, warga takut lewat malam hari."),
            ("Tiang listrik hampir roboh di tepi jalan", "Tiang listrik kayu sudah lapuk dan hampir roboh ke jalan, mohon segera diganti."),
            ("Tiang listrik di jalan kampung miring sekali", "Sejak angin kencang minggu lalu tiang listrik di jalan kampung miring dan kabelnya kendur."),
        ];
        for (t, b) in pln {
            let code = submit(t, b, "publik").await;
            let r = koor.act(&code, json!({ "action": "not_authority", "to": "ext-pln", "note": "Sudah kami teruskan ke PLN ULP Natuna." })).await;
            assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        }
        // Street lights are Dishub's: Bina Marga returns them, the coordinator routes them on.
        let lights = [
            ("Lampu jalan mati sepanjang jalan menuju pelabuhan", "Lampu penerangan jalan mati semua, jalan gelap gulita dan rawan kecelakaan."),
            ("Lampu penerangan jalan padam berbulan-bulan", "Sudah tiga bulan lampu jalan di simpang padam, warga minta segera diperbaiki."),
            ("Jalan gelap karena lampu jalan rusak", "Lampu jalan tenaga surya rusak, jalan gelap malam hari dan banyak anjing liar."),
        ];
        for (t, b) in lights {
            let code = submit(t, b, "anonim").await;
            assert_eq!(koor.act(&code, json!({ "action": "verify", "to": "dpupr-bm" })).await.status(), 200);
            assert_eq!(bm.act(&code, json!({ "action": "return", "reason": "Lampu jalan urusan Dinas Perhubungan." })).await.status(), 200);
            assert_eq!(koor.act(&code, json!({ "action": "route", "to": "dishub-darat" })).await.status(), 200);
        }
        // Rerouted by the coordinator after it reached the wrong unit; one of them confidential.
        for (t, b, p) in [
            ("Lampu jalan di depan masjid tidak menyala", "Lampu jalan depan masjid tidak menyala sejak bulan lalu, jamaah subuh kegelapan.", "publik"),
            ("Rahasia: lampu jalan dekat rumah Zulkarnain mati", "Lampu jalan mati di dekat rumah Pak Zulkarnain.", "rahasia"),
        ] {
            let code = submit(t, b, p).await;
            assert_eq!(koor.act(&code, json!({ "action": "verify", "to": "dpupr-bm" })).await.status(), 200);
            assert_eq!(koor.act(&code, json!({ "action": "reroute", "to": "dishub-darat", "reason": "Lampu jalan urusan Dinas Perhubungan." })).await.status(), 200);
        }
        // Returned and not placed again yet: not an example.
        let waiting = submit("Lampu jalan mati di gang sempit", "Lampu jalan di gang mati, gelap sekali.", "publik").await;
        assert_eq!(koor.act(&waiting, json!({ "action": "verify", "to": "dpupr-bm" })).await.status(), 200);
        assert_eq!(bm.act(&waiting, json!({ "action": "return", "reason": "Bukan urusan Bina Marga." })).await.status(), 200);
        // Routed right at once: not an example either.
        let fine = submit("Jalan berlubang besar di depan pasar", "Lubang besar di jalan depan pasar, motor sering jatuh.", "publik").await;
        assert_eq!(koor.act(&fine, json!({ "action": "verify" })).await.status(), 200);

        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("hasil");
        let run = learn(&app, &dir);
        let stdout = String::from_utf8_lossy(&run.stdout).to_string();
        assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
        println!("{stdout}");
        assert!(stdout.contains("9 examples, 1 waiting"), "{stdout}");

        let report = std::fs::read_to_string(dir.join("laporan-pembelajaran.md")).unwrap();
        println!("{report}");
        assert!(report.contains("**9** laporan"), "{report}");
        assert!(report.contains("(2 dialihkan ke unit lain, 3 dikembalikan ke koordinator, 4 bukan wewenang Pemkab)"), "{report}");
        assert!(report.contains("| Jalan rusak atau berlubang (`jalan-rusak`) | 9 |"), "the misrouted category: {report}");
        assert!(report.contains("PT PLN (Persero) ULP Natuna (`ext-pln`)"), "the right unit: {report}");
        assert!(report.contains("(`dishub-darat`)"), "the right unit: {report}");
        assert!(report.contains("Jalan atau jembatan apa yang dimaksud? (`status_jalan`)"), "the question: {report}");
        assert!(report.contains("Model sekarang") && report.contains("Model baru + usulan katalog"));
        for private in ["Rahmat", "081377776666", "rahmat@contoh.id", "Zulkarnain", "zulkarnain"] {
            assert!(!report.contains(private), "{private} must not be in the report");
        }

        let model = std::fs::read_to_string(dir.join("model.txt")).unwrap();
        assert!(model.lines().any(|l| l == "suggest-model 1"), "a model file");
        assert!(!model.contains("zulkarnain"), "a word of one report is no term of the model");

        // The proposal applies to the catalog as it is and the catalog build accepts the result.
        let diff = std::fs::read_to_string(dir.join("katalog.diff")).unwrap();
        println!("{diff}");
        assert!(diff.lines().any(|l| l.starts_with('+') && !l.starts_with("+++")), "something is proposed:\n{report}");
        assert!(!diff.to_lowercase().contains("zulkarnain"), "a confidential report is never quoted");
        let copy = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(copy.path().join("domain/catalog")).unwrap();
        for f in ["catalog.toml", "wilayah.csv", "hari-libur.toml", "kategori-nasional.json"] {
            std::fs::copy(catalog_dir().join(f), copy.path().join("domain/catalog").join(f)).unwrap();
        }
        let patch = Command::new("patch")
            .args(["-p1", "--forward", "-i"])
            .arg(dir.join("katalog.diff"))
            .current_dir(copy.path())
            .output()
            .unwrap();
        assert!(patch.status.success(), "{}{}", String::from_utf8_lossy(&patch.stdout), String::from_utf8_lossy(&patch.stderr));
        let inputs = catalog_check::Inputs::read(&copy.path().join("domain/catalog")).unwrap();
        let changed = std::fs::read_to_string(copy.path().join("domain/catalog/catalog.toml")).unwrap();
        assert_ne!(changed, std::fs::read_to_string(catalog_dir().join("catalog.toml")).unwrap());
        if let Err(errors) = catalog_check::compile(&inputs) {
            panic!("the catalog build refuses the proposal: {errors:?}");
        }
    }
}

both_stores! {
    /// With LEARN_DIR set the server writes a dated folder by itself, once a week.
    async fn the_weekly_job_writes_a_dated_folder_when_learn_dir_is_set(db: Db) {
        let out = tempfile::tempdir().unwrap();
        let learn_dir = out.path().to_str().unwrap().to_string();
        let catalog = catalog_dir().to_str().unwrap().to_string();
        let mut app = TestApp::spawn_with(db, &[("LEARN_DIR", &learn_dir), ("CATALOG_DIR", &catalog), ("JOB_INTERVAL_SECS", "1")]).await;
        let written = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("laporan-pembelajaran.md").exists() && p.join("model.txt").exists() && p.join("katalog.diff").exists()).collect()
        };
        let mut found = Vec::new();
        for _ in 0..600 {
            found = written(out.path());
            if !found.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(found.len(), 1, "one dated folder");
        let name = found[0].file_name().unwrap().to_str().unwrap().to_string();
        assert!(name.len() == 10 && name.as_bytes()[4] == b'-' && name.as_bytes()[7] == b'-', "{name}");
        assert!(app.get("/healthz").await.status() == 200, "the service is unaffected");
        // Not again within the week, not even after a restart.
        std::fs::remove_dir_all(&found[0]).unwrap();
        app.restart_with(&[]).await;
        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        assert!(written(out.path()).is_empty(), "once a week");
    }
}
