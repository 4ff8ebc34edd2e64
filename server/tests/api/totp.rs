//! Two-step sign-in (`domain::totp`, RFC 6238): required for the coordinator and the
//! leadership (a session that can only enrol until then), optional for the others; a wrong or
//! replayed code is refused; recovery codes work once; a coordinator resets a lost phone.

use crate::both_stores;
use crate::helpers::*;
use serde_json::{json, Value};

fn code(secret: &[u8], step: i64) -> String {
    format!("{:06}", domain::totp::code(secret, step))
}

both_stores! {
    async fn a_coordinator_enrols_before_anything_else_and_every_code_works_once(db: Db) {
        let app = TestApp::spawn(db).await;
        assert!(app.create_coordinator("koordinator").status.success());
        // The password alone opens a session that can only enrol.
        let (client, status, v) = app.login_with("koordinator", PASSWORD, None).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["must_enrol_totp"], true);
        let koor = OfficerClient { client, csrf: v["csrf_token"].as_str().unwrap().into(), base: app.base.clone(), username: "koordinator".into() };
        let r = koor.get("/api/v1/petugas/reports").await;
        assert_eq!(r.status(), 403);
        assert!(r.text().await.unwrap().contains("wajib memakai verifikasi dua langkah"));
        assert_eq!(koor.get("/api/v1/petugas/me").await.json::<Value>().await.unwrap()["must_enrol_totp"], true);
        // Enrolment: a secret and its QR code, then the app's first code.
        let setup: Value = koor.post("/api/v1/petugas/totp/setup", &json!({})).await.json().await.unwrap();
        let secret = domain::totp::from_base32(setup["secret"].as_str().unwrap()).unwrap();
        assert_eq!(secret.len(), domain::totp::SECRET_BYTES);
        assert!(setup["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/Lapor%20Natuna:koordinator?secret="));
        assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"));
        let step = domain::totp::step_of(app.server_now());
        let wrong = code(&secret, step - 5);
        let r = koor.post("/api/v1/petugas/totp/confirm", &json!({ "code": wrong })).await;
        assert_eq!(r.status(), 422);
        assert!(r.json::<Value>().await.unwrap()["error"]["fields"]["code"].as_str().unwrap().contains("salah"));
        let r = koor.post("/api/v1/petugas/totp/confirm", &json!({ "code": code(&secret, step) })).await;
        assert_eq!(r.status(), 200);
        let recovery: Vec<String> = r.json::<Value>().await.unwrap()["recovery_codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert_eq!(recovery.len(), domain::totp::RECOVERY_CODES);
        assert_eq!(koor.get("/api/v1/petugas/reports").await.status(), 200, "a full session now");
        assert_eq!(koor.post("/api/v1/petugas/totp/setup", &json!({})).await.status(), 409, "no second secret while one is on");

        // From now on the password alone is not enough.
        let (_, status, v) = app.login_with("koordinator", PASSWORD, None).await;
        assert_eq!((status, v["error"]["code"].clone()), (401, json!("otp_required")));
        let (_, status, v) = app.login_with("koordinator", PASSWORD, Some(&code(&secret, step - 3))).await;
        assert_eq!((status, v["error"]["code"].clone()), (401, json!("otp_invalid")), "a code from long ago");
        let (_, status, v) = app.login_with("koordinator", PASSWORD, Some(&code(&secret, step))).await;
        assert_eq!((status, v["error"]["code"].clone()), (401, json!("otp_replayed")), "the enrolment's code again");
        assert!(v["error"]["message"].as_str().unwrap().contains("sudah dipakai"));
        let (_, status, v) = app.login_with("koordinator", PASSWORD, Some("12 34")).await;
        assert_eq!((status, v["error"]["code"].clone()), (401, json!("otp_invalid")));
        // The next step's code, sent twice at once: one login, one refusal.
        let next = code(&secret, step + 1);
        let (a, b) = tokio::join!(
            app.login_with("koordinator", PASSWORD, Some(&next)),
            app.login_with("koordinator", PASSWORD, Some(&next))
        );
        let mut statuses = [a.1, b.1];
        statuses.sort();
        assert_eq!(statuses, [200, 401], "{:?} {:?}", a.2, b.2);
        // A wrong password with a right code is still a wrong password.
        let (_, status, _) = app.login_with("koordinator", "salah-sama-sekali", Some(&code(&secret, step + 1))).await;
        assert_eq!(status, 401);

        // A recovery code signs in once.
        let (_, status, v) = app.login_with("koordinator", PASSWORD, Some(&recovery[0].to_uppercase())).await;
        assert_eq!(status, 200, "{v}");
        let (_, status, _) = app.login_with("koordinator", PASSWORD, Some(&recovery[0])).await;
        assert_eq!(status, 401, "each recovery code once");
        let audit: Value = koor.get("/api/v1/petugas/audit").await.json().await.unwrap();
        let changes: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["change"].as_str().unwrap()).collect();
        assert!(changes.contains(&"totp_enabled") && changes.contains(&"recovery_code_used"), "{changes:?}");
        // Nothing of the secret is in the audit log or any later answer.
        assert!(!audit.to_string().contains(setup["secret"].as_str().unwrap()));
    }
}

both_stores! {
    async fn leadership_must_enrol_others_may_and_a_coordinator_resets_a_lost_phone(db: Db) {
        let app = TestApp::spawn(db).await;
        let koor = app.coordinator().await;
        for (username, role, unit) in [("bupati", "pimpinan", "pemkab"), ("binamarga", "petugas_unit", "dpupr-bm")] {
            let r = koor
                .post("/api/v1/petugas/officers", &json!({ "username": username, "display_name": username, "role": role, "unit": unit, "password": PASSWORD }))
                .await;
            assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        }
        let (_, _, v) = app.login_with("bupati", PASSWORD, None).await;
        assert_eq!(v["must_enrol_totp"], true, "leadership");
        let (_, _, v) = app.login_with("binamarga", PASSWORD, None).await;
        assert_eq!((v["must_enrol_totp"].clone(), v["totp"].clone()), (json!(false), json!(false)), "optional for a unit officer");

        // The unit officer turns it on anyway; from then on it needs a code.
        let bm = app.login("binamarga", PASSWORD).await.unwrap();
        assert_eq!(bm.get("/api/v1/petugas/reports").await.status(), 200);
        app.enrol(&bm).await;
        let (_, status, v) = app.login_with("binamarga", PASSWORD, None).await;
        assert_eq!((status, v["error"]["code"].clone()), (401, json!("otp_required")));
        let bm = app.login("binamarga", PASSWORD).await.unwrap();
        assert_eq!(bm.get("/api/v1/petugas/me").await.json::<Value>().await.unwrap()["totp"], true);

        // A lost phone: only a coordinator resets it; the account's sessions end.
        assert_eq!(bm.post("/api/v1/petugas/officers/binamarga/totp-reset", &json!({})).await.status(), 403);
        assert_eq!(koor.post("/api/v1/petugas/officers/binamarga/totp-reset", &json!({})).await.status(), 200);
        assert_eq!(bm.get("/api/v1/petugas/reports").await.status(), 401, "its sessions ended");
        let (_, status, v) = app.login_with("binamarga", PASSWORD, None).await;
        assert_eq!((status, v["totp"].clone()), (200, json!(false)), "the password alone again, until it enrols again");
        let audit: Value = koor.get("/api/v1/petugas/audit").await.json().await.unwrap();
        let reset = audit["items"].as_array().unwrap().iter().find(|e| e["change"] == "totp_reset").expect("logged");
        assert_eq!((reset["actor"].clone(), reset["username"].clone()), (json!("koordinator"), json!("binamarga")));
    }
}
