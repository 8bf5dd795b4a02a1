//! `dontpanic build`: the site into a static folder, with a one-line summary.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dontpanic::pipeline::{BuildOptions, build, build_single_file};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{plural, print_diagnostics, stderr_is_terminal};

#[derive(clap::Args)]
pub struct Args {
    /// The site root (holds dontpanic.toml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder (default: public/ under the root)
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write the whole site as this one HTML file instead (e.g. dontpanic.html): every page,
    /// search, checklists and forms, working from disk
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output", "base_url", "timings"])]
    single_file: Option<PathBuf>,
    /// Include pages marked draft
    #[arg(long)]
    drafts: bool,
    /// The folder of the root that holds the pages (default: content_dir from the config, else
    /// content), e.g. --content docs in a repository laid out for MkDocs
    #[arg(long, value_name = "DIR", value_parser = super::folder_name)]
    content: Option<String>,
    /// The address the site is published at; writes sitemap.xml
    #[arg(long)]
    base_url: Option<String>,
    /// Also write the files this static host reads (redirects, cache headers): netlify,
    /// cloudflare, github-pages, gitlab-pages, s3 or nginx; default: [publish] host
    #[arg(long, value_name = "HOST", value_parser = parse_host)]
    host: Option<dontpanic::config::Host>,
    /// Print how long each stage of the build took
    #[arg(long)]
    timings: bool,
    #[command(flatten)]
    today: super::TodayArg,
}

pub fn execute(args: Args) -> Result<(), dontpanic::Error> {
    let args_timings = args.timings;
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        drafts: args.drafts,
        content: args.content,
        base_url: args.base_url,
        host: args.host,
        ..BuildOptions::default()
    };
    let progress = DelayedProgress::new();
    let today = args.today.resolve()?;
    if let Some(target) = &args.single_file {
        let result = build_single_file(&options, target, today, &|done, total| {
            progress.update(done, total)
        });
        progress.finish();
        let report = result?;
        print_diagnostics(&report.warnings);
        eprintln!(
            "Wrote {} page{} into one file in {:.2}s{} → {} ({})",
            report.pages,
            plural(report.pages),
            report.elapsed.as_secs_f64(),
            warnings_note(report.warnings.len()),
            report.path.display(),
            size(report.bytes)
        );
        return Ok(());
    }
    let result = build(&options, today, &|done, total| progress.update(done, total));
    progress.finish();
    let report = result?;
    print_diagnostics(&report.warnings);
    let warnings = report.warnings.len();
    if args_timings {
        eprintln!("Timings:");
        for (stage, time) in &report.timings {
            eprintln!("  {stage}: {:.3}s", time.as_secs_f64());
        }
        eprintln!("  total: {:.3}s", report.elapsed.as_secs_f64());
    }
    eprintln!(
        "Built {} page{} in {:.2}s{} → {}",
        report.pages,
        plural(report.pages),
        report.elapsed.as_secs_f64(),
        warnings_note(warnings),
        report.output.display()
    );
    Ok(())
}

fn parse_host(name: &str) -> Result<dontpanic::config::Host, String> {
    dontpanic::config::Host::parse(name).ok_or_else(|| {
        format!(
            "unknown host '{name}'; use one of: {}",
            dontpanic::config::Host::ALL.join(", ")
        )
    })
}

fn warnings_note(warnings: usize) -> String {
    if warnings > 0 {
        format!(" with {warnings} warning{}", plural(warnings))
    } else {
        String::new()
    }
}

/// A file size as people read it: `840 KB`, `12.5 MB`.
fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{} KB", b.div_ceil(1_000)),
        b => format!("{:.1} MB", b as f64 / 1_000_000.0),
    }
}

/// A progress bar that appears only on a terminal, and only once the build has taken longer
/// than a moment: quick builds print just their summary.
struct DelayedProgress {
    started: Instant,
    bar: Mutex<Option<ProgressBar>>,
    enabled: bool,
}

impl DelayedProgress {
    const DELAY: Duration = Duration::from_millis(400);

    fn new() -> Self {
        DelayedProgress {
            started: Instant::now(),
            bar: Mutex::new(None),
            enabled: stderr_is_terminal(),
        }
    }

    fn update(&self, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < Self::DELAY {
            return;
        }
        let Ok(mut bar) = self.bar.lock() else { return };
        let bar = bar.get_or_insert_with(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} building {bar:30} {pos}/{len} steps")
            {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    }

    fn finish(&self) {
        if let Ok(mut bar) = self.bar.lock()
            && let Some(bar) = bar.take()
        {
            bar.finish_and_clear();
        }
    }
}
