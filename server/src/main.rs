use clap::Parser;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cfg = server::config::Config::parse();
    let result = match cfg.command.clone() {
        Some(server::config::Command::CreateCoordinator {
            username,
            name,
            email,
        }) => {
            server::backoffice::auth::create_coordinator(
                &cfg,
                &username,
                name.as_deref(),
                email.as_deref(),
            )
            .await
        }
        Some(server::config::Command::Learn { out, dev, labels }) => {
            server::learn::command(&cfg, &out, dev.as_deref(), &labels).await
        }
        Some(server::config::Command::VerifyChain) => server::verify::command(&cfg).await,
        None => server::run(cfg).await,
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
