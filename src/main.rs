//! The command line: parses arguments, runs the library, prints diagnostics, maps outcomes to
//! exit codes (0 success, 1 content errors, 2 usage errors: bad arguments, or `serve` cannot
//! start).

use blueprint::{build, build_in_memory, current_month, init, load, say, sayln, scaffold, schema, serve, BuildOptions};
use clap::{Args, Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// mimalloc: the build allocates millions of small strings from two threads at once; glibc malloc
// was 15 % of a 10 000-page build (perf), and this cut the build from 1.33 s to 1.06 s.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Output folder, replaced atomically [default: output/ in the --root folder]. A relative
        /// path is relative to the current folder, as in any command, not to --root. The site it
        /// replaces is kept beside it as .<name>.previous/ (/var/www/.html.previous/ for
        /// --out /var/www/html) for the next build to reuse; it is never published, delete it any
        /// time
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL the site is published under, e.g. https://example.org/hk-blueprint/, or a path
        /// from the server's root such as /hk-blueprint/ (anything else is a usage error, exit 2)
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Skip the search index (faster; the search page then finds nothing)
        #[arg(long)]
        no_search: bool,
    },
    /// Run every check the build runs, write nothing
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Preview the site: build in memory, serve it, rebuild and reload pages on every save
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the preview to your network
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Create the file for a new item, every field present and explained
    New {
        /// What to create: chapter, one of the plan's levels (config.yaml), initiative, indicator
        /// or milestone
        kind: String,
        /// Its id, e.g. 3.1.5 for a recommendation, itvf for an initiative
        id: String,
        /// Its title (an initiative's name) as the plan prints it
        #[arg(long)]
        title: Option<String>,
        /// Project folder containing content/ [default: the nearest folder, from here up, with
        /// content/config.yaml]
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Write JSON Schemas for every kind of content file (for editors' autocompletion)
    Schema {
        /// Folder to write them into
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
        /// Project folder whose config.yaml declares the plan's levels [default: as for `new`]
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Start a new plan: a small example (two levels, one indicator with a chart, one
    /// initiative, one milestone) that builds, checks and serves, to edit into your own
    Init {
        /// Folder to create it in (created if missing; must hold no content/ yet)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Args)]
struct Common {
    /// Project folder containing content/ (and optionally themes/) [default: the nearest folder,
    /// from here up, with content/config.yaml, as cargo finds Cargo.toml]
    #[arg(long = "root")]
    root_arg: Option<PathBuf>,
    /// Resolved from `root_arg` after parsing.
    #[arg(skip)]
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

fn parse_base_url(s: &str) -> Result<String, String> {
    blueprint::urls::check_base_url(s).map_err(|why| format!("{why}; {}", blueprint::urls::BASE_URL_HELP))?;
    Ok(s.to_string())
}

fn options(common: &Common, base_url: Option<String>, search: bool) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        base_url,
        as_of: as_of(common),
        search,
    }
}

/// The month the build treats as now: --as-of, else SOURCE_DATE_EPOCH's or today's. A
/// malformed SOURCE_DATE_EPOCH is a usage error (exit 2), even with --as-of: the caller who set
/// it meant something by it.
fn as_of(common: &Common) -> (i32, u32) {
    match current_month() {
        Ok(now) => common.as_of.unwrap_or(now),
        Err(e) => {
            sayln!("error: {e}");
            std::process::exit(2);
        }
    }
}

/// The project folder: `--root` when given, else the nearest folder from here up that holds
/// `content/config.yaml` (as cargo finds Cargo.toml), else here, where the error will say so.
fn project_root(arg: &Option<PathBuf>) -> PathBuf {
    if let Some(root) = arg {
        return root.clone();
    }
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    here.ancestors()
        .find(|d| d.join("content/config.yaml").is_file())
        .map_or_else(|| PathBuf::from("."), |d| relative_to(&here, d))
}

/// `dir` as a path relative to `here` when it is an ancestor (`..`, `../..`), so messages and
/// output paths read as the user typed them.
fn relative_to(here: &std::path::Path, dir: &std::path::Path) -> PathBuf {
    let up = here.components().count().saturating_sub(dir.components().count());
    if up == 0 {
        return PathBuf::from(".");
    }
    std::iter::repeat_n("..", up).collect()
}

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Command::Build { common, .. } | Command::Check { common } | Command::Serve { common, .. } = &mut cli.command
    {
        common.root = project_root(&common.root_arg);
    }
    let started = Instant::now();
    let result = match &cli.command {
        Command::Serve { common, port, bind } => return run_serve(common, *port, *bind),
        Command::New { kind, id, title, root } => return run_new(&project_root(root), kind, id, title.as_deref()),
        Command::Schema { out, root } => return run_schema(&project_root(root), out),
        Command::Init { dir } => return run_init(dir),
        Command::Build {
            common,
            out,
            base_url,
            no_search,
        } => {
            let out = out.clone().unwrap_or_else(|| common.root.join("output"));
            build(&options(common, base_url.clone(), !no_search), &out).map(|b| {
                (
                    b.warnings,
                    format!(
                        "built {} pages ({} files) into {} in {} ms",
                        b.pages,
                        b.files,
                        out.display(),
                        started.elapsed().as_millis()
                    ),
                )
            })
        }
        // The search index checks nothing about the content, so `check` skips it.
        Command::Check { common } => build_in_memory(&options(common, None, false)).map(|b| {
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
                say!("{}", warnings.render());
            }
            sayln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            say!("{}", diags.render());
            ExitCode::from(1)
        }
    }
}

fn run_serve(common: &Common, port: u16, bind: IpAddr) -> ExitCode {
    if !common.root.join("content").is_dir() {
        // Nothing to preview: report it like `check` would instead of serving an error page.
        if let Err(diags) = build_in_memory(&options(common, None, false)) {
            say!("{}", diags.render());
        }
        return ExitCode::from(1);
    }
    let opts = serve::ServeOptions {
        root: common.root.clone(),
        bind,
        port,
        as_of: as_of(common),
    };
    let server = match serve::start(opts) {
        Ok(s) => s,
        Err(e) => {
            sayln!("error: cannot serve on {bind}:{port}: {e}");
            sayln!("  = help: choose another port with --port, or 0 for any free port");
            return ExitCode::from(2);
        }
    };
    if !bind.is_loopback() {
        sayln!("warning: listening on {bind}: other computers on your network can see the preview");
    }
    sayln!(
        "serving http://{}/ (watching content/ and themes/; Ctrl-C to stop)",
        server.addr()
    );
    server.wait();
    ExitCode::SUCCESS
}

/// The plan declared in `root`'s config.yaml, or the reason there is none (printed).
fn plan_of(root: &std::path::Path) -> Result<blueprint::model::Plan, ExitCode> {
    load::read_plan(root).map_err(|diags| {
        say!("{}", diags.render());
        ExitCode::from(1)
    })
}

fn run_new(root: &std::path::Path, kind: &str, id: &str, title: Option<&str>) -> ExitCode {
    let plan = match plan_of(root) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(kind) = plan.kind(kind) else {
        sayln!("error: `{kind}` is not a kind of item of this plan");
        sayln!("  = help: the kinds are {}", plan.kind_names());
        return ExitCode::from(2);
    };
    match scaffold::scaffold(root, &plan, kind, id, title) {
        Ok(done) => {
            sayln!("created {}", done.path.display());
            if !done.to_fill.is_empty() {
                sayln!("fill in:");
                for item in &done.to_fill {
                    sayln!("  - {item}");
                }
            }
            sayln!("then `blueprint check` (or a running `blueprint serve`) points at anything still missing");
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            say!("{refusal}");
            ExitCode::from(if refusal.bad_argument { 2 } else { 1 })
        }
    }
}

fn run_init(dir: &std::path::Path) -> ExitCode {
    match init::init(dir) {
        Ok(files) => {
            sayln!("created a starter plan in {} ({} files)", dir.display(), files.len());
            sayln!(
                "next: cd {} && blueprint serve   (then edit content/; see README.md)",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            sayln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_schema(root: &std::path::Path, out: &std::path::Path) -> ExitCode {
    // Without a project, the schemas of the plan-neutral kinds only.
    let plan = if root.join("content/config.yaml").is_file() {
        match plan_of(root) {
            Ok(p) => p,
            Err(code) => return code,
        }
    } else {
        blueprint::model::Plan::default()
    };
    match schema::write_all(&plan, out) {
        Ok(files) => {
            sayln!("wrote {} schemas into {}", files.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            sayln!("error: cannot write schemas into `{}`: {e}", out.display());
            ExitCode::from(1)
        }
    }
}
