//! What the command-line tests share: running the built binary without the environment's
//! database settings, and its output as one text.

use std::process::{Command, Output};

/// Run `prongsai` with `args`, ignoring `PRONGSAI_DATABASE_URL` and `PRONGSAI_DATA_DIR`.
pub fn prongsai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(args)
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_DATA_DIR")
        .output()
        .expect("the binary runs")
}

/// Standard output and standard error together.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
