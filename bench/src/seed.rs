//! Realistic reports, generated and written straight into a store's tables (multi-row INSERTs in
//! large transactions), with every value the server derives computed by the server's own
//! functions: `stored_terms` for the search terms, `Derived::of` for `listed`/`opd`/`due_at`,
//! `Contribution::of` summed into `report_stats`. Each report walks its life with
//! `domain::lifecycle::transition` (so every status, unit and history entry is one the server
//! could have written), stopping where "now" or a stalled officer leaves it.

use crate::corpus;
use domain::catalog::{self, Category, Region, RegionKind, CATEGORIES, REGIONS};
use domain::deadline;
use domain::lifecycle::{transition, Action, ActionKind, Context, Event, Role, Status};
use domain::report::Channel;
use domain::tracking::{generate_secret, TrackingCode};
use domain::{Date, Privacy, ReportType, RouteRequest, CATALOG_VERSION};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use server::store::{stored_terms, Contribution, Derived, ReportRow, Store, Summaries};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// The coordinator account the seed creates, so the officers' queue can be measured.
pub const COORDINATOR_USERNAME: &str = "bench-koordinator";
pub const COORDINATOR_PASSWORD: &str = "bench-koordinator-rahasia";
/// The bench coordinator's authenticator secret (two-step sign-in is required for the role).
pub const COORDINATOR_TOTP_SECRET: &[u8] = b"bench-totp-secret-20";

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// Reports spread over this many days before now.
const SPAN_DAYS: i64 = 3 * 365;
/// The newest seeded report is this old (a submission during the run is newer than all).
const NEWEST_AGE: i64 = 60;

/// One entry of a report's history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub at: i64,
    pub event: Event,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub role: Role,
    pub from_unit: Option<String>,
    pub to_unit: Option<String>,
    pub note: Option<String>,
    pub actor: Option<String>,
}

/// A generated report with everything stored beside it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub row: ReportRow,
    pub catalog_version: &'static str,
    pub verified_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub search_terms: String,
    pub derived: Derived,
    pub history: Vec<HistoryEntry>,
}

/// Category weights: roads, water, health and schools are what people report most.
fn weight(code: &str) -> u32 {
    match code {
        "jalan-rusak" => 60,
        "air-bersih" => 30,
        "pju" | "puskesmas" | "listrik" => 20,
        "jembatan" | "drainase-banjir" | "sekolah" => 18,
        "sinyal-internet" | "sampah" | "bansos" => 14,
        "rsud" | "bantuan-pendidikan" => 12,
        "bpjs-kesehatan" | "guru" | "pelabuhan-kapal" => 10,
        "obat" | "ktp" | "perikanan" | "kartu-keluarga" => 8,
        "tenaga-kesehatan" | "dana-desa" | "pemerintahan-desa" => 6,
        "lainnya" => 4,
        _ => 3,
    }
}

/// Exponentially distributed seconds with this mean.
fn exp(rng: &mut impl Rng, mean: f64) -> i64 {
    let u: f64 = rng.gen_range(f64::EPSILON..1.0);
    (-u.ln() * mean) as i64
}

/// Makes reports in arrival order.
pub struct Generator {
    rng: StdRng,
    now: i64,
    /// Arrival times, oldest first.
    times: Vec<i64>,
    next: usize,
    categories: Vec<&'static Category>,
    category_weights: WeightedIndex<u32>,
    desas: Vec<&'static Region>,
    codes: HashSet<String>,
    recent_codes: Vec<String>,
}

impl Generator {
    /// `n` reports arriving over the three years before `now`, more of them lately (the service
    /// grows), in the daytime (WIB) mostly.
    pub fn new(n: u64, seed: u64, now: i64) -> Generator {
        let mut rng = StdRng::seed_from_u64(seed);
        let start = now - SPAN_DAYS * DAY;
        let growth = 2.0f64;
        let mut times: Vec<i64> = (0..n)
            .map(|_| {
                // Density ∝ 1 + growth·x over x in [0, 1]: three times as many reports a day
                // now as three years ago.
                let f: f64 = rng.gen();
                let x = ((1.0 + 2.0 * growth * f * (1.0 + growth / 2.0)).sqrt() - 1.0) / growth;
                let day = ((x * SPAN_DAYS as f64) as i64).min(SPAN_DAYS - 1);
                // Midnight WIB of that day, then mostly 06:00–22:00.
                let midnight = start + day * DAY - (start + 7 * HOUR).rem_euclid(DAY);
                let hour = if rng.gen_bool(0.93) {
                    rng.gen_range(6..22)
                } else {
                    rng.gen_range(0..24)
                };
                (midnight + hour * HOUR + rng.gen_range(0..HOUR)).clamp(start, now - NEWEST_AGE)
            })
            .collect();
        times.sort_unstable();
        let categories: Vec<&'static Category> = CATEGORIES.iter().collect();
        let category_weights =
            WeightedIndex::new(categories.iter().map(|c| weight(c.code))).expect("weights");
        let desas = REGIONS
            .iter()
            .filter(|r| matches!(r.kind, RegionKind::Desa | RegionKind::Kelurahan))
            .collect();
        Generator {
            rng,
            now,
            times,
            next: 0,
            categories,
            category_weights,
            desas,
            codes: HashSet::new(),
            recent_codes: Vec::new(),
        }
    }

    fn code(&mut self) -> String {
        loop {
            let c = TrackingCode::generate(self.rng.gen()).as_str().to_string();
            if self.codes.insert(c.clone()) {
                return c;
            }
        }
    }

    /// A report as a citizen sends it at `at`: received, routed by `domain::route`, nothing
    /// done yet.
    pub fn submitted(&mut self, at: i64) -> Generated {
        let mut g = self.arrived(at);
        g.derived = Derived::of(&g.row);
        g
    }

    /// `submitted` without the derived columns yet (they are computed once, when the report's
    /// life is over).
    fn arrived(&mut self, at: i64) -> Generated {
        let rng = &mut self.rng;
        let category = self.categories[self.category_weights.sample(rng)];
        let desa = *self.desas.choose(rng).unwrap();
        // Most people answer the questions, some leave one out; most problems they report
        // are the regency's (an answer that sends a report elsewhere is picked less often).
        let (answers, route) = {
            let mut tries = 0;
            loop {
                tries += 1;
                let mut answers: Vec<(&'static str, &'static str)> = Vec::new();
                for q in category.questions() {
                    if rng.gen_bool(0.85) {
                        if let Some(o) = q.options.choose(rng) {
                            answers.push((q.code, o.value));
                        }
                    }
                }
                let route = domain::route(&RouteRequest {
                    category: category.code,
                    answers: answers.clone(),
                    location: Some(desa.code),
                });
                if !route.unit.is_external() || tries == 3 || rng.gen_bool(0.3) {
                    break (answers, route);
                }
            }
        };
        let report_type = match rng.gen_range(0..100) {
            0..75 => ReportType::Pengaduan,
            75..90 => ReportType::Aspirasi,
            _ => ReportType::Informasi,
        };
        let privacy = match rng.gen_range(0..100) {
            0..80 => Privacy::Publik,
            80..95 => Privacy::Anonim,
            _ => Privacy::Rahasia,
        };
        let (title, body) = corpus::text(rng, category, report_type, desa);
        let (name, phone, email) = corpus::person(rng);
        let anonymous = privacy == Privacy::Anonim && rng.gen_bool(0.5);
        let detail = rng.gen_bool(0.7).then(|| corpus::location_detail(rng));
        let coords = rng
            .gen_bool(0.4)
            .then(|| (rng.gen_range(2.6..4.8), rng.gen_range(107.8..109.2)));
        let incident = Date::from_unix_wib(at - rng.gen_range(0..14) * DAY);
        let secret = generate_secret(rng.gen());
        let tracking_code = self.code();
        let row = ReportRow {
            id: 0,
            tracking_code,
            secret_hash: Some(server::submit::hash_secret(&secret)),
            report_type,
            category: category.code.to_string(),
            answers: answers
                .iter()
                .map(|(q, v)| (q.to_string(), v.to_string()))
                .collect(),
            title,
            body,
            incident_date: Some(incident),
            desa: Some(desa.code.to_string()),
            kecamatan: Some(desa.kecamatan().code.to_string()),
            location_detail: detail,
            lat: coords.map(|c| c.0),
            lon: coords.map(|c| c.1),
            privacy,
            reporter_name: (!anonymous).then_some(name),
            reporter_phone: (!anonymous).then_some(phone),
            reporter_email: if anonymous { None } else { email },
            status: Status::Diterima,
            unit: route.unit.code.to_string(),
            proposed_unit: route.unit.code.to_string(),
            reason_id: route.reason.id.to_string(),
            reason_en: route.reason.en.to_string(),
            created_at: at,
            updated_at: at,
            with_unit_since: None,
            answered_at: None,
            first_answered_at: None,
            first_answer_on_time: None,
            misroute_count: 0,
            reopen_count: 0,
            merged_into: None,
            rating: None,
            rating_comment: None,
            channel: if self.rng.gen_bool(0.85) {
                Channel::Web
            } else {
                Channel::Nojs
            },
            verified_on_time: None,
            first_answer_days: None,
            reroute_count: 0,
            normative_answers: 0,
            supporters: 0,
            held: None,
            followup_due_at: None,
            followup_asked_at: None,
            followup_reply: None,
        };
        let history = vec![HistoryEntry {
            at,
            event: Event::Submit,
            from_status: None,
            to_status: Status::Diterima,
            role: Role::Pelapor,
            from_unit: None,
            to_unit: Some(row.unit.clone()),
            note: None,
            actor: None,
        }];
        let search_terms = stored_terms(&row.title, &row.body);
        let derived = Derived {
            listed: false,
            opd: "",
            due_at: None,
        };
        Generated {
            row,
            catalog_version: CATALOG_VERSION,
            verified_at: None,
            finished_at: None,
            search_terms,
            derived,
            history,
        }
    }

    /// The moves a report is meant to go through (it may stop early).
    fn plan(&mut self, g: &Generated) -> Vec<(Action, Role)> {
        let rng = &mut self.rng;
        let unit = catalog::unit(&g.row.unit).unwrap_or_else(catalog::coordinator);
        let koor = Role::Koordinator;
        if unit.is_external() {
            let mut p = Vec::new();
            if rng.gen_bool(0.5) {
                p.push((Action::Verify, koor));
            }
            p.push((
                Action::NotAuthority {
                    to: unit.code.to_string(),
                    note: "Silakan sampaikan kepada instansi yang berwenang sesuai petunjuk."
                        .into(),
                },
                koor,
            ));
            return p;
        }
        let u: f64 = rng.gen();
        if u < 0.03 {
            return vec![(
                Action::Reject {
                    reason: corpus::REJECT_REASONS.choose(rng).unwrap().to_string(),
                },
                koor,
            )];
        }
        if u < 0.07 && !self.recent_codes.is_empty() {
            return vec![
                (Action::Verify, koor),
                (
                    Action::Merge {
                        into: self.recent_codes.choose(rng).unwrap().clone(),
                    },
                    koor,
                ),
            ];
        }
        let handler = match unit.kind {
            catalog::UnitKind::Kecamatan
            | catalog::UnitKind::Desa
            | catalog::UnitKind::Kelurahan => Role::PetugasWilayah,
            _ => Role::PetugasUnit,
        };
        let mut p = vec![
            (Action::Verify, koor),
            (
                Action::Route {
                    to: unit.code.to_string(),
                },
                koor,
            ),
        ];
        // Some reach the wrong unit first: it returns them and the coordinator routes again.
        if rng.gen_bool(0.06) {
            p.push((
                Action::ReturnToCoordinator {
                    reason: "Bukan tugas unit kami; mohon diteruskan ke unit yang tepat.".into(),
                },
                handler,
            ));
            p.push((
                Action::Route {
                    to: unit.code.to_string(),
                },
                koor,
            ));
        }
        p.extend([(
            Action::Answer {
                text: corpus::ANSWERS.choose(rng).unwrap().to_string(),
                override_reason: None,
            },
            handler,
        )]);
        let end: f64 = rng.gen();
        p.push(if end < 0.55 {
            (Action::Accept, Role::Pelapor)
        } else if end < 0.97 {
            (Action::AutoFinish, Role::Sistem)
        } else {
            (
                Action::Reopen {
                    reason: corpus::REOPEN_REASONS.choose(rng).unwrap().to_string(),
                },
                Role::Pelapor,
            )
        });
        p
    }

    /// When the next move happens, after the last one at `t`.
    fn delay(&mut self, kind: ActionKind, row: &ReportRow, t: i64) -> i64 {
        let rng = &mut self.rng;
        match kind {
            // Verification within about a working day; one in ten waits a week or more.
            ActionKind::Verify | ActionKind::Reject | ActionKind::NotAuthority => {
                if rng.gen_bool(0.1) {
                    t + rng.gen_range(3 * DAY..12 * DAY)
                } else {
                    t + 600 + exp(rng, 1.2 * DAY as f64)
                }
            }
            // Usually routed together with the verification.
            ActionKind::Route | ActionKind::Merge => {
                if rng.gen_bool(0.7) {
                    t + rng.gen_range(5..900)
                } else {
                    t + exp(rng, DAY as f64)
                }
            }
            ActionKind::Answer => {
                if rng.gen_bool(0.15) {
                    t + rng.gen_range(7 * DAY..30 * DAY)
                } else {
                    t + HOUR + exp(rng, 3.5 * DAY as f64)
                }
            }
            ActionKind::Accept => t + HOUR + exp(rng, 2.0 * DAY as f64).min(8 * DAY),
            ActionKind::Reopen => t + HOUR + rng.gen_range(0..5 * DAY),
            // The job runs after the reporter's window has closed.
            ActionKind::AutoFinish => {
                let due = deadline::current(Status::Ditindaklanjuti, &row.timeline(), t)
                    .map(|d| d.at)
                    .unwrap_or(t + 14 * DAY);
                // Within one run of the job (every 5 minutes by default).
                due + rng.gen_range(0..300)
            }
            _ => t + DAY,
        }
    }

    /// Walks the report through its planned moves up to now, as `backoffice::workflow` would
    /// write them.
    fn live(&mut self, g: &mut Generated) {
        let plan = self.plan(g);
        let mut t = g.row.created_at;
        for (mut action, mut role) in plan {
            // A reporter who never responds to the answer: the job finishes the report when
            // their window closes (it does not stay answered forever).
            if role == Role::Pelapor && self.rng.gen_bool(0.012) {
                (action, role) = (Action::AutoFinish, Role::Sistem);
            }
            let at = self.delay(action.kind(), &g.row, t);
            // Stalled: an officer never got to it (these are the long-overdue reports). The
            // reporter's silence is the job's move above; the system's own move never stalls: a seeded store is one whose jobs have run, so a
            // server started on it does not spend its first minutes finishing a backlog.
            let officer = !matches!(role, Role::Sistem | Role::Pelapor);
            if at > self.now || (officer && self.rng.gen_bool(0.012)) {
                break;
            }
            let row = &mut g.row;
            let Ok(tr) = transition(
                row.status,
                role,
                &action,
                Context {
                    now: at,
                    answered_at: row.answered_at,
                },
            ) else {
                break;
            };
            let from = row.status;
            let from_unit = row.unit.clone();
            *row = server::backoffice::workflow::moved(row, &action, &tr, at);
            match &action {
                Action::Accept if self.rng.gen_bool(0.6) => {
                    row.rating = Some(
                        *[1u8, 2, 3, 3, 4, 4, 4, 5, 5, 5]
                            .choose(&mut self.rng)
                            .unwrap(),
                    );
                    row.rating_comment = self.rng.gen_bool(0.3).then(|| {
                        corpus::RATING_COMMENTS
                            .choose(&mut self.rng)
                            .unwrap()
                            .to_string()
                    });
                }
                _ => {}
            }
            if from == Status::Diterima && tr.to == Status::Terverifikasi {
                g.verified_at = Some(at);
            }
            if tr.to.is_terminal() {
                g.finished_at = Some(at);
            }
            g.history.push(HistoryEntry {
                at,
                event: Event::Move(action.kind()),
                from_status: Some(from),
                to_status: tr.to,
                role,
                from_unit: Some(from_unit),
                to_unit: Some(row.unit.clone()),
                note: action.note(),
                actor: match role {
                    Role::Koordinator => Some(COORDINATOR_USERNAME.to_string()),
                    Role::Pelapor | Role::Sistem => None,
                    _ => Some(format!("petugas-{}", row.unit)),
                },
            });
            t = at;
        }
        g.derived = Derived::of(&g.row);
    }
}

impl Iterator for Generator {
    type Item = Generated;
    fn next(&mut self) -> Option<Generated> {
        let at = *self.times.get(self.next)?;
        self.next += 1;
        let mut g = self.arrived(at);
        self.live(&mut g);
        if self.recent_codes.len() < 512 {
            self.recent_codes.push(g.row.tracking_code.clone());
        } else {
            let i = self.rng.gen_range(0..512);
            self.recent_codes[i] = g.row.tracking_code.clone();
        }
        Some(g)
    }
}

mod write;
pub use write::{create_coordinator, describe, now, seed, SeedOptions, Seeded, Target};
