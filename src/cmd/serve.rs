//! `dontpanic serve`: the live-reload preview.

use std::net::IpAddr;
use std::path::PathBuf;

use dontpanic::pipeline::BuildOptions;
use dontpanic::serve::{Event, ServeOptions, Server};

use super::{plural, print_diagnostics};

#[derive(clap::Args)]
pub struct Args {
    /// The site root (holds dontpanic.toml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Address to listen on; 0.0.0.0 makes the preview reachable from the network
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Port to listen on (the next free one is taken if it is in use)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Include pages marked draft
    #[arg(long)]
    drafts: bool,
    /// The folder of the root that holds the pages (default: content_dir from the config, else
    /// content), e.g. --content docs in a repository laid out for MkDocs
    #[arg(long, value_name = "DIR", value_parser = super::folder_name)]
    content: Option<String>,
    /// Open the preview in the browser
    #[arg(long)]
    open: bool,
    /// Watch by polling, for file systems that send no change notifications (network drives, some VMs)
    #[arg(long)]
    poll: bool,
}

pub fn execute(args: Args) -> Result<(), dontpanic::Error> {
    let options = ServeOptions {
        build: BuildOptions {
            root: args.root,
            output: None,
            drafts: args.drafts,
            content: args.content,
            base_url: None,
            ..BuildOptions::default()
        },
        bind: args.bind,
        port: args.port,
        poll: args.poll,
    };
    let server = Server::start(options, &report)?;
    if args.open {
        open_browser(&server.url);
    }
    server.watch(&report)
}

fn report(event: Event) {
    match event {
        Event::Listening { url, wanted_port } => {
            let port = url.rsplit(':').next().unwrap_or("").trim_end_matches('/');
            if port != wanted_port.to_string() && wanted_port != 0 {
                eprintln!("Port {wanted_port} is in use; using {port} instead.");
            }
            eprintln!("Serving at {url} (live reload on; Ctrl-C to stop)");
        }
        Event::Exposed { drafts } => {
            let what = if drafts {
                "the preview, drafts included,"
            } else {
                "the preview"
            };
            eprintln!("warning: {what} is reachable from other machines on the network");
        }
        Event::Rebuilt {
            pages,
            themed,
            elapsed,
            warnings,
            changed,
        } => {
            print_diagnostics(warnings);
            let cause = describe(changed);
            let warned = if warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warning{}", warnings.len(), plural(warnings.len()))
            };
            eprintln!(
                "{cause}Built {pages} page{} ({themed} rendered) in {:.0} ms{warned}",
                plural(pages),
                elapsed.as_secs_f64() * 1000.0
            );
        }
        Event::Failed {
            diagnostics,
            changed,
        } => {
            print_diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{}Build failed: {errors} error{}; still serving the last good version",
                describe(changed),
                plural(errors)
            );
        }
        Event::WatchError(message) => eprintln!("warning: {message}"),
    }
}

fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => String::new(),
        [one] => format!("{} changed. ", one.display()),
        many => format!("{} files changed. ", many.len()),
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
