//! The no-JavaScript path: a plain HTML form, its errors, its receipt, and the status page.

use crate::both_stores;
use crate::helpers::*;

fn form_fields(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("idem", format!("nojs-{}", hex_id())),
        ("type", "pengaduan".into()),
        ("category", "jalan-rusak".into()),
        ("q_status_jalan", "kabupaten".into()),
        ("desa", "21.03.07.2004".into()),
        ("detail", "Depan masjid".into()),
        ("title", title.into()),
        (
            "body",
            "Jalan berlubang besar sejak sebulan lalu, berbahaya bagi pengendara motor.".into(),
        ),
        ("privacy", "publik".into()),
        ("name", "Budi".into()),
        ("phone", "081234567890".into()),
        ("action", "kirim".into()),
    ]
}

both_stores! {
    async fn the_form_lists_categories_by_topic_and_desa_by_kecamatan(db: Db) {
        let app = TestApp::spawn(db).await;
        let r = app.get("/lapor").await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = r.text().await.unwrap();
        assert!(html.contains("<form method=\"post\" action=\"/lapor\""));
        assert!(html.contains("<optgroup label=\"Kesehatan\">"));
        assert!(html.contains("value=\"21.03.07.2004\""));
        assert!(html.contains("name=\"website\""), "honeypot present");
        // Choosing a category shows its questions and who will handle it.
        let r = app.client.post(app.url("/lapor")).form(&[("category", "sekolah"), ("action", "pilih"), ("title", "Judul tetap tersimpan")]).send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("name=\"q_jenjang\""));
        assert!(html.contains("Laporan Anda akan ditangani oleh"));
        assert!(html.contains("value=\"Judul tetap tersimpan\""));
    }
}

both_stores! {
    async fn an_invalid_form_comes_back_with_input_kept_and_errors_next_to_fields(db: Db) {
        let app = TestApp::spawn(db).await;
        let mut fields = form_fields("<b>Jalan</b> & \"rusak\" parah sekali");
        fields.retain(|(k, _)| *k != "desa" && *k != "body");
        fields.push(("phone", "12345".into()));
        let r = app.client.post(app.url("/lapor")).form(&fields).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.contains("id=\"err-desa\""), "desa error shown");
        assert!(html.contains("Pilih kecamatan dan desa/kelurahan"));
        assert!(html.contains("id=\"err-body\"") && html.contains("Isi laporan wajib diisi."));
        assert!(html.contains("id=\"err-phone\""));
        assert!(html.contains("value=\"&lt;b&gt;Jalan&lt;/b&gt; &amp; &quot;rusak&quot; parah sekali\""), "input kept, escaped");
        assert!(!html.contains("<b>Jalan</b>"));
        assert_eq!(app.list("").await["total"], 0);
    }
}

both_stores! {
    async fn a_valid_form_gets_a_receipt_and_a_resubmit_does_not_duplicate(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Lubang di jalan desa");
        let fields = form_fields(&title);
        let r = app.client.post(app.url("/lapor")).form(&fields).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let html = r.text().await.unwrap();
        assert!(html.contains("Laporan Anda sudah kami terima"));
        let tag = title.split(' ').last().unwrap();
        let list = app.list(&format!("q={tag}")).await;
        assert_eq!(list["total"], 1);
        let display = list["items"][0]["display_code"].as_str().unwrap();
        assert!(html.contains(display), "receipt shows the tracking code");
        assert!(!html.contains("src=\"/app"), "the receipt page does not load the app");
        // Pressing "send" again (a reload of the POST) shows the same receipt, stores nothing new.
        let again = app.client.post(app.url("/lapor")).form(&fields).send().await.unwrap().text().await.unwrap();
        assert!(again.contains(display));
        assert_eq!(app.list(&format!("q={tag}")).await["total"], 1);

        // Tracking without JavaScript.
        let code = list["items"][0]["tracking_code"].as_str().unwrap();
        let r = app.get(&format!("/lacak?kode={}", display.to_lowercase())).await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], format!("/lacak/{code}"));
        let page = app.get(&format!("/lacak/{code}")).await.text().await.unwrap();
        assert!(page.contains(&title) && page.contains("Diterima") && page.contains("Bina Marga"));
    }
}

both_stores! {
    async fn a_multipart_form_with_a_photo_is_stored_with_the_photo(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Foto jalan rusak");
        let mut f = reqwest::multipart::Form::new();
        for (k, v) in form_fields(&title) {
            f = f.text(k, v);
        }
        f = f.part("photo", reqwest::multipart::Part::bytes(crate::photos::jpeg_with_exif(800, 600)).file_name("IMG_001.jpg"));
        let r = app.client.post(app.url("/lapor")).multipart(f).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let list = app.list(&format!("q={}", title.split(' ').last().unwrap())).await;
        let (_, v) = app.report(list["items"][0]["tracking_code"].as_str().unwrap()).await;
        assert_eq!(v["photos"].as_array().unwrap().len(), 1);
    }
}

both_stores! {
    async fn a_filled_honeypot_is_refused_and_stores_nothing(db: Db) {
        let app = TestApp::spawn(db).await;
        let mut fields = form_fields("Laporan dari robot spam");
        fields.push(("website", "http://spam.example".into()));
        let r = app.client.post(app.url("/lapor")).form(&fields).send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(app.list("").await["total"], 0);
    }
}

both_stores! {
    async fn the_public_list_page_escapes_what_citizens_wrote(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = format!("<img src=x onerror=alert(1)> jalan {}", hex_id());
        app.submit(&with(valid_report(), "title", serde_json::json!(title))).await;
        let html = app.get("/laporan").await.text().await.unwrap();
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!html.contains("<img src=x"));
    }
}

both_stores! {
    async fn the_reporter_can_accept_an_answer_without_javascript(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let created = app.submit(&valid_report()).await;
        let code = created["tracking_code"].as_str().unwrap();
        assert_eq!(koor.act(code, serde_json::json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(bm.act(code, serde_json::json!({ "action": "answer", "text": "Bidang Bina Marga sudah menambal lubang pada 2 Desember 2026." })).await.status(), 200);
        let page = app.get(&format!("/lacak/{code}")).await.text().await.unwrap();
        assert!(page.contains("Bidang Bina Marga sudah menambal lubang pada 2 Desember 2026.") && page.contains(&format!("action=\"/lacak/{code}/tanggapi\"")));
        let wrong = app.client.post(app.url(&format!("/lacak/{code}/tanggapi"))).form(&[("token", "SALAH"), ("action", "accept")]).send().await.unwrap();
        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap().contains("Kode pelapor tidak cocok"));
        let ok = app.client.post(app.url(&format!("/lacak/{code}/tanggapi"))).form(&[("token", created["reporter_token"].as_str().unwrap()), ("action", "accept"), ("rating", "4")]).send().await.unwrap();
        assert_eq!(ok.status(), 303);
        assert_eq!(app.report(code).await.1["status"], "selesai");
    }
}

/// What maud writes for text: `&`, `<`, `>` and `"` as entities.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Each tag's `name` with its `maxlength`, for the tags that have both.
fn maxlengths(html: &str) -> std::collections::BTreeMap<String, usize> {
    html.split('<')
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            let attr = |a: &str| {
                let start = tag.find(&format!(" {a}=\""))? + a.len() + 3;
                Some(&tag[start..start + tag[start..].find('"')?])
            };
            Some((attr("name")?.to_string(), attr("maxlength")?.parse().ok()?))
        })
        .collect()
}

both_stores! {
    async fn the_pages_escape_citizens_text_by_default_and_take_limits_from_domain(db: Db) {
        use domain::report::{BODY_MAX, DETAIL_MAX, EMAIL_MAX, NAME_MAX, TITLE_MAX};
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        let bm = app.officer(&koor, "binamarga", "petugas_unit", "dpupr-bm", None).await;
        let (script, attr) = ("<script>alert(1)</script>", "\"><img src=x onerror=1>");
        let tag = hex_id();
        let title = format!("Jalan {script} {attr} {tag}");
        let body = format!("Lubang besar di jalan {script} dan {attr} mohon segera ditambal.");
        let detail = format!("Depan SD {script} {attr}");
        let report = with(with(with(valid_report(), "title", serde_json::json!(title)), "body", serde_json::json!(body)), "location.detail", serde_json::json!(detail));
        let created = app.submit(&report).await;
        let code = created["tracking_code"].as_str().unwrap();

        let page = app.get(&format!("/lacak/{code}")).await.text().await.unwrap();
        assert!(page.contains(&format!("<h2>{}</h2>", escaped(&title))), "title escaped: {page}");
        assert!(page.contains(&format!("<p class=\"body\">{}</p>", escaped(&body))), "body escaped: {page}");
        assert!(page.contains(&format!(" — {}", escaped(&detail))), "location detail escaped: {page}");
        let list = app.get(&format!("/laporan?q={tag}")).await.text().await.unwrap();
        assert!(list.contains(&format!(">{}</a>", escaped(&title))), "title escaped in the list: {list}");
        for html in [&page, &list] {
            assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{html}");
        }

        let form = app.get("/lapor").await.text().await.unwrap();
        let expected = [("cerita", BODY_MAX), ("detail", DETAIL_MAX), ("title", TITLE_MAX), ("body", BODY_MAX), ("name", NAME_MAX), ("email", EMAIL_MAX)];
        assert_eq!(maxlengths(&form), expected.iter().map(|(n, m)| (n.to_string(), *m)).collect());
        // The reporter's answer form, once the unit has answered.
        assert_eq!(koor.act(code, serde_json::json!({ "action": "verify" })).await.status(), 200);
        assert_eq!(bm.act(code, serde_json::json!({ "action": "answer", "text": format!("Bidang Bina Marga sudah menambal lubang pada 2 Desember 2026 {script}") })).await.status(), 200);
        let page = app.get(&format!("/lacak/{code}")).await.text().await.unwrap();
        assert!(page.contains(&escaped(&format!("Bidang Bina Marga sudah menambal lubang pada 2 Desember 2026 {script}"))) && !page.contains("<script>alert"));
        assert_eq!(
            maxlengths(&page),
            [("reason".to_string(), domain::feedback::COMMENT_MAX), ("note".to_string(), domain::moderation::FLAG_NOTE_MAX)].into()
        );
    }
}

both_stores! {
    async fn a_confidential_report_opens_without_javascript_by_posting_its_secret_never_in_a_url(db: Db) {
        let app = TestApp::spawn(db).await;
        let title = unique("Pungli di pelabuhan");
        let created = app.submit(&with(with(valid_report(), "privacy", serde_json::json!("rahasia")), "title", serde_json::json!(title))).await;
        let (code, secret) = (created["tracking_code"].as_str().unwrap(), created["reporter_secret"].as_str().unwrap());
        assert_eq!(app.get(&format!("/lacak/{code}")).await.status(), 404);
        // A secret in the URL is not read.
        let r = app.get(&format!("/lacak?kode={code}&secret={secret}")).await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], format!("/lacak/{code}"));
        // Posted, it opens the report; the page links nowhere with the secret.
        let r = app.client.post(app.url("/lacak")).form(&[("kode", code), ("secret", secret)]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains(&title));
        assert!(!html.contains(&format!("secret={secret}")));
        // The status page's form posts.
        assert!(html.contains(r#"form method="post" action="/lacak""#));
    }
}

both_stores! {
    async fn the_story_typed_once_becomes_the_title_and_the_description(db: Db) {
        let app = TestApp::spawn(db).await;
        let story = format!("Jalan di depan SD rusak berat {}. Lubangnya makin besar setiap hujan dan motor sering jatuh.", hex_id());
        // "Cari": the form comes back with the title (first sentence) and the description filled.
        let r = app.client.post(app.url("/lapor")).form(&[("cerita", story.as_str()), ("action", "cari")]).send().await.unwrap();
        let html = r.text().await.unwrap();
        let first = story.split('.').next().unwrap();
        assert!(html.contains(&format!("value=\"{first}\"")), "the title is the story's first sentence");
        let body_box = &html[html.find("id=\"f-body\"").expect("the description box")..];
        let body_box = &body_box[..body_box.find("</textarea>").unwrap()];
        assert!(body_box.ends_with(&format!(">{story}")), "the description is the story: {body_box}");
        // Sending with only the story typed (no title, no description): stored with both.
        let mut fields = form_fields("");
        fields.retain(|(k, _)| *k != "title" && *k != "body");
        fields.push(("cerita", story.clone()));
        let r = app.client.post(app.url("/lapor")).form(&fields).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let tag = first.split(' ').last().unwrap();
        let list = app.list(&format!("q={tag}")).await;
        assert_eq!(list["total"], 1, "{list}");
        assert_eq!(list["items"][0]["title"], first);
        // A title the citizen wrote is theirs: the story does not replace it.
        let r = app.client.post(app.url("/lapor")).form(&[("cerita", story.as_str()), ("title", "Judul saya sendiri"), ("action", "cari")]).send().await.unwrap();
        let html = r.text().await.unwrap();
        assert!(html.contains("value=\"Judul saya sendiri\"") && !html.contains(&format!("value=\"{first}\"")));
    }
}

both_stores! {
    async fn public_pages_stay_for_back_and_forward_while_a_receipt_is_never_kept(db: Db) {
        let app = TestApp::spawn(db).await;
        // Public content only: kept for Back/Forward (no-store would rule out the back/forward
        // cache and refetch over a weak signal), asked again on any other visit.
        for path in ["/", "/lapor", "/laporan", "/statistik"] {
            let r = app.get(path).await;
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        }
        // The receipt holds the reporter's codes; an officer's page is an officer's.
        let r = app.client.post(app.url("/lapor")).form(&form_fields(&unique("Jalan rusak"))).send().await.unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["cache-control"], "no-store");
        assert_eq!(app.get("/petugas").await.headers()["cache-control"], "no-store");
    }
}
