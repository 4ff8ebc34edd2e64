//! Black-box tests: the real server binary on a free port, a fresh SQLite file or a fresh
//! PostgreSQL database per test, and plain HTTP. Each behaviour runs against both stores with the
//! same code (`<test>::sqlite` and `<test>::postgres`).

mod helpers;

mod answers;
mod assets;
mod backoffice;
mod chain;
mod channels;
mod contract;
mod crash;
mod exports;
mod hardening;
mod idempotency;
mod identity;
mod instances;
mod learn;
mod limits;
mod mail;
mod migrations;
mod moderation;
mod nojs;
mod open311;
mod photos;
mod privacy;
mod providers;
mod redaction;
mod schedule;
mod statistics;
mod suggest;
mod support;
mod totp;
mod validation;
mod wire;
