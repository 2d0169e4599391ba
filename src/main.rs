//! The command line: parses arguments, runs the library, prints diagnostics, maps outcomes to
//! exit codes (0 success, 1 content errors, 2 usage errors).

use blueprint::{build, build_in_memory, current_month, BuildOptions};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "blueprint",
    version,
    about = "Publishes a policy blueprint as a searchable, cross-linked static site with progress charts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from content/ into the output folder
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder (replaced atomically)
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Base URL the site is published under, e.g. https://example.org/hk-blueprint/
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Run every check the build runs, write nothing
    Check {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Args)]
struct Common {
    /// Project folder containing content/ (and optionally themes/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Month treated as "now" for past milestones, YYYY-MM (default: this month, or SOURCE_DATE_EPOCH's)
    #[arg(long, value_parser = parse_month)]
    as_of: Option<(i32, u32)>,
}

fn parse_month(s: &str) -> Result<(i32, u32), String> {
    let (y, m) = s.split_once('-').ok_or("expected YYYY-MM")?;
    let y: i32 = y.parse().map_err(|_| "expected YYYY-MM")?;
    let m: u32 = m.parse().map_err(|_| "expected YYYY-MM")?;
    if !(1..=12).contains(&m) {
        return Err("month must be 01 to 12".into());
    }
    Ok((y, m))
}

fn options(common: &Common, base_url: Option<String>) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        base_url,
        as_of: common.as_of.unwrap_or_else(current_month),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let result = match &cli.command {
        Command::Build { common, out, base_url } => {
            let out = if out.is_relative() {
                common.root.join(out)
            } else {
                out.clone()
            };
            build(&options(common, base_url.clone()), &out).map(|b| {
                let pages = b.output.keys().filter(|k| k.ends_with(".html")).count();
                (
                    b.warnings,
                    format!(
                        "built {pages} pages ({} files) into {} in {} ms",
                        b.output.len(),
                        out.display(),
                        started.elapsed().as_millis()
                    ),
                )
            })
        }
        Command::Check { common } => build_in_memory(&options(common, None)).map(|b| {
            let pages = b.output.keys().filter(|k| k.ends_with(".html")).count();
            (
                b.warnings,
                format!(
                    "checked {pages} pages: no errors ({} ms)",
                    started.elapsed().as_millis()
                ),
            )
        }),
    };
    match result {
        Ok((warnings, summary)) => {
            if !warnings.is_empty() {
                eprint!("{}", warnings.render());
            }
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.render());
            ExitCode::from(1)
        }
    }
}
