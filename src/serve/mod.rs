//! `serve`: builds the site into memory, serves it on 127.0.0.1 with live reload, and rebuilds
//! on every change to the sources. The served site is swapped whole after each good build; a
//! failed build keeps the last good one and shows its errors over every page. Never writes to
//! the disk. All state lives in `Server`; nothing is global.

mod connection;
mod http;
mod live;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::output::SiteFiles;
use crate::pipeline::{self, BuildOptions, Cache};
use crate::sources::Changes;

use live::{Broadcaster, Message};
use state::{Current, OnDemand, PAGES_WARMED, Snapshot};

pub use crate::sources::{Source, classify};
pub use connection::{HeadError, Request, parse_head};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    /// Poll the file system instead of waiting for its notifications.
    pub poll: bool,
}

/// What the server tells whoever runs it (the command line prints these).
#[derive(Debug)]
pub enum Event<'a> {
    Listening {
        url: String,
        wanted_port: u16,
    },
    /// The preview is reachable from other machines.
    Exposed {
        drafts: bool,
    },
    Rebuilt {
        pages: usize,
        themed: usize,
        elapsed: Duration,
        warnings: &'a [Diagnostic],
        changed: &'a [PathBuf],
    },
    Failed {
        diagnostics: &'a [Diagnostic],
        changed: &'a [PathBuf],
    },
    WatchError(String),
}

/// Ports tried after the one asked for, when it is taken.
const PORT_ATTEMPTS: u16 = 20;
/// A burst of file events ends after this long without a new one.
const QUIET: Duration = Duration::from_millis(20);
/// ... or after this long in all, so a long burst still shows progress.
const LONGEST_BURST: Duration = Duration::from_millis(1000);

pub struct Server {
    options: ServeOptions,
    watcher: watch::SourceWatcher,
    current: Arc<Current>,
    hub: Arc<Broadcaster>,
    cache: Cache,
    generation: u64,
    pub url: String,
}

impl Server {
    /// Builds the site, binds the port (the next free one if it is taken) and starts answering
    /// requests. A first build with errors still starts: the page shows the errors until fixed.
    pub fn start(options: ServeOptions, report: &dyn Fn(Event)) -> Result<Server> {
        if !options.build.root.is_dir() {
            return Err(Error::usage(
                format!("the site root {} does not exist", options.build.root.display()),
                Some("pass the folder that holds content/ with --root, or create a site with dontpanic init".into()),
            ));
        }
        let current = Arc::new(Current::default());
        let hub = Arc::new(Broadcaster::default());
        let listener = bind(options.bind, options.port)?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::io("listener", e))?
            .port();
        let handler: Arc<dyn connection::Handler> = Arc::new(Answer {
            current: Arc::clone(&current),
            hub: Arc::clone(&hub),
            port,
        });
        std::thread::Builder::new()
            .name("dontpanic-accept".into())
            .spawn(move || connection::run(listener, handler))
            .map_err(|e| Error::io("thread", e))?;
        let host = match options.bind {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        // The config is read once for the first build, which also names the folder to watch;
        // every rebuild after it reads the config anew (it may have changed).
        let configured = pipeline::configure(&options.build);
        // Watching starts before the first build, so that no change after it can be missed.
        let watcher = watch::SourceWatcher::new(
            &options.build.root,
            &configured.config.content_dir,
            options.poll,
        )
        .map_err(|e| {
            Error::usage(
                format!("cannot watch {}: {e}", options.build.root.display()),
                Some("try --poll".into()),
            )
        })?;
        let mut server = Server {
            url: format!("http://{host}:{port}/"),
            watcher,
            options,
            current,
            hub,
            cache: Cache::default(),
            generation: 0,
        };
        server.rebuild(None, Some(configured), report);
        report(Event::Listening {
            url: server.url.clone(),
            wanted_port: server.options.port,
        });
        if !server.options.bind.is_loopback() {
            report(Event::Exposed {
                drafts: server.options.build.drafts,
            });
        }
        Ok(server)
    }

    /// Watches the sources and rebuilds on every change, forever.
    pub fn watch(mut self, report: &dyn Fn(Event)) -> Result<()> {
        loop {
            if let Some(changed) =
                self.watcher
                    .next_change(Duration::from_secs(3600), QUIET, LONGEST_BURST)
            {
                let css_only = changed.only_stylesheets();
                let ok = self.rebuild(Some(changed), None, report);
                if ok && css_only {
                    self.hub.send(&Message::Stylesheets {
                        generation: self.generation,
                    });
                } else if ok {
                    self.hub.send(&Message::Reload {
                        generation: self.generation,
                    });
                }
            }
        }
    }

    /// Rebuilds into memory and swaps the result in; on failure keeps the last good site and
    /// tells open pages the errors. `changes` (none for the first build) decides what is read
    /// again; the rest comes from what the last build kept. The config is read again only when
    /// it changed, or taken as the caller has just read it (`configured`). Returns whether the
    /// build succeeded.
    fn rebuild(
        &mut self,
        changes: Option<Changes>,
        configured: Option<pipeline::Configured>,
        report: &dyn Fn(Event),
    ) -> bool {
        let started = Instant::now();
        let previous = self.current.get();
        let today = jiff::ZonedDateTime::now().date();
        self.generation += 1;
        // The pages asked for last are the ones open in browsers: they are themed with the
        // build, so that the reload finds them ready.
        let open = previous.on_demand.recent_pages(PAGES_WARMED);
        // The first build reads every source; later ones read again only the kinds the
        // watcher saw change (a content edit does not reload the config or walk the theme).
        let changed: Vec<PathBuf> = changes
            .iter()
            .flat_map(|c| c.paths().map(PathBuf::from))
            .collect();
        if let Some(changes) = changes {
            self.cache.note_changed(changes);
        }
        self.cache.begin_build();
        let options = &self.options.build;
        let configured = self
            .cache
            .config(|| configured.unwrap_or_else(|| pipeline::configure(options)));
        match pipeline::build_in_memory(
            &self.options.build,
            configured,
            &mut self.cache,
            &previous.files,
            today,
            &open,
        ) {
            Ok(rebuilt) => {
                let themed = rebuilt.themed.len();
                self.current.set(Snapshot {
                    files: rebuilt.files,
                    on_demand: Arc::new(OnDemand::new(
                        rebuilt.site,
                        rebuilt.theme,
                        today,
                        rebuilt.themed,
                    )),
                    generation: self.generation,
                    errors_json: None,
                });
                // Freeing the last site model (every page of it) took as long as a tenth of a
                // rebuild at 10,000 pages: it is done aside, so the reload goes out first.
                let _ = std::thread::Builder::new()
                    .name("retire".into())
                    .spawn(move || drop(previous));
                report(Event::Rebuilt {
                    pages: rebuilt.pages,
                    themed,
                    elapsed: started.elapsed(),
                    warnings: &rebuilt.warnings,
                    changed: &changed,
                });
                true
            }
            Err(error) => {
                let diagnostics = match error {
                    Error::Site { diagnostics } => diagnostics,
                    other => vec![Diagnostic::error(
                        &self.options.build.root,
                        0,
                        0,
                        other.to_string(),
                    )],
                };
                // The cache may hold half of the failed build: start the next one afresh.
                self.cache.start_afresh();
                let lines: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.to_string())
                    .collect();
                let errors_json = serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into());
                let files: SiteFiles = previous.files.clone();
                self.current.set(Snapshot {
                    files,
                    on_demand: Arc::clone(&previous.on_demand),
                    generation: self.generation,
                    errors_json: Some(errors_json.clone()),
                });
                report(Event::Failed {
                    diagnostics: &diagnostics,
                    changed: &changed,
                });
                self.hub.send(&Message::Errors {
                    generation: self.generation,
                    errors_json,
                });
                false
            }
        }
    }
}

fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last_error = None;
    for candidate in port..=port.saturating_add(PORT_ATTEMPTS) {
        match connection::listen(SocketAddr::new(ip, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
        if port == 0 {
            break;
        }
    }
    let reason = last_error.map(|e| e.to_string()).unwrap_or_default();
    Err(Error::usage(
        format!(
            "cannot listen on {ip} ports {port} to {}: {reason}",
            port.saturating_add(PORT_ATTEMPTS)
        ),
        Some("pick another port with --port".into()),
    ))
}

/// Answers requests from the current snapshot of the site.
struct Answer {
    current: Arc<Current>,
    hub: Arc<Broadcaster>,
    port: u16,
}

impl connection::Handler for Answer {
    fn handle(&self, request: &connection::Request, out: &mut connection::Deadlined) {
        let site = self.current.get();
        let reply = http::route(
            &request.method,
            &request.target,
            request.header("host"),
            request.header("origin"),
            self.port,
            &site,
        );
        if reply == http::Reply::Events {
            match self.hub.subscribe() {
                Some(messages) => {
                    out.without_deadline();
                    live::stream(out, messages, site.generation);
                }
                None => {
                    let refused = http::Reply::Refused {
                        status: 503,
                        message: "Too many open pages.",
                    };
                    let _ = http::respond(out, refused, &site, false);
                }
            }
            return;
        }
        let _ = http::respond(out, reply, &site, request.method == "HEAD");
    }
}
