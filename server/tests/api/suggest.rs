//! Suggestions from the citizen's own words: the API and the no-JavaScript "Cari".

use crate::both_stores;
use crate::helpers::*;
use serde_json::Value;

both_stores! {
    async fn the_api_suggests_categories_with_their_units(db: Db) {
        let app = TestApp::spawn(db).await;
        let v: Value = app.get("/api/v1/suggest?q=jln%20rusak%20parah%20bnyk%20lubang").await.json().await.unwrap();
        let first = &v["suggestions"][0];
        assert_eq!(first["category"]["code"], "jalan-rusak");
        assert!(first["route"]["unit"]["name"].as_str().unwrap().contains("Pekerjaan Umum"));
        assert!(v["suggestions"].as_array().unwrap().len() <= 3);
        let v: Value = app.get("/api/v1/suggest?q=puskes%20tutup%20trs&desa=21.03.05.1008").await.json().await.unwrap();
        assert_eq!(v["suggestions"][0]["route"]["unit"]["code"], "pkm-bunguran-barat");
        let v: Value = app.get("/api/v1/suggest?q=").await.json().await.unwrap();
        assert_eq!(v["suggestions"].as_array().unwrap().len(), 0);
    }
}

both_stores! {
    async fn the_plain_form_offers_suggestions_after_cari_and_a_press_chooses_one(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.client.post(app.url("/lapor")).form(&[("cerita", "lampu jalan pju mati sdh seminggu"), ("action", "cari"), ("title", "Judul tetap ada")]).send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("value=\"pilih:pju\""), "pju offered");
        assert!(html.contains("lampu jalan pju mati"), "the story is kept");
        assert!(!html.contains("<option value=\"pju\" selected"), "nothing chosen without a press");
        let r = app.client.post(app.url("/lapor")).form(&[("cerita", "lampu jalan pju mati sdh seminggu"), ("action", "pilih:pju"), ("title", "Judul tetap ada")]).send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("<option value=\"pju\" selected>"));
        assert!(html.contains("Laporan Anda akan ditangani oleh") && html.contains("value=\"Judul tetap ada\""));
    }
}
