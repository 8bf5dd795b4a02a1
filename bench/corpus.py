#!/usr/bin/env python3
"""Writes a deterministic synthetic runbook site of N pages, readable by dontpanic and by Hugo.

Layout: 10 top-level sections, each split into sub-sections of at most 100 pages (or, with
--flat, sub-sections of 1,000 pages: the shape an alert-per-page runbook folder grows into).
Every page has TOML front matter, headings, lists, a task list, a table, one or two code blocks
(each naming the page's own resources, so that no two are alike) and links to neighbouring
pages (relative .md links, as dontpanic sites write them).

    bench/corpus.py N DIR [--flat]
"""

import os
import random
import sys

WORDS = (
    "latency region timeout replica failover quota invoice credential rotate escalate "
    "throughput saturation queue backlog snapshot egress ingress policy alert dashboard "
    "rollback deploy canary shard cluster node disk memory cpu connection pool database "
    "cache eviction certificate expiry token session lockout audit incident mitigation"
).split()

SEVERITIES = ["sev1", "sev2", "sev3", "sev4"]
SERVICES = ["api", "checkout", "billing", "identity", "storage", "search", "edge", "worker"]


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))


def page(rng, i, title, links):
    services = rng.sample(SERVICES, 2)
    out = [
        "+++",
        f'title = "{title}"',
        f'description = "{sentence(rng, 8)[:-1]}"',
        'kind = "runbook"',
        f'severity = "{rng.choice(SEVERITIES)}"',
        'owner = "platform-oncall"',
        f'services = ["{services[0]}", "{services[1]}"]',
        f"last_reviewed = 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        f"weight = {i}",
        "+++",
        "",
        paragraph(rng),
        "",
        "## First actions",
        "",
    ]
    for n in range(1, 6):
        out.append(f"{n}. {sentence(rng, 9)}")
    out += ["", "## Checklist", ""]
    for _ in range(4):
        out.append(f"- [{'x' if rng.random() < 0.3 else ' '}] {sentence(rng, 7)}")
    out += ["", "## Diagnosis", "", paragraph(rng), "", "```bash"]
    # Each page's commands name its own resources, as real runbooks' do: no two blocks alike.
    out += [f"kubectl -n {rng.choice(WORDS)} get pods -l app={rng.choice(SERVICES)},runbook=rb-{i}",
            f"curl -sS https://status.example.com/api/{i} | jq .status"]
    out += ["```", "", "| Signal | Threshold | Action |", "|---|---|---|"]
    for _ in range(4):
        out.append(f"| {rng.choice(WORDS)} | {rng.randint(1, 99)}% | {sentence(rng, 4)} |")
    out += ["", "### Related", ""]
    for target, label in links:
        out.append(f"- [{label}]({target}#first-actions)")
    if rng.random() < 0.5:
        out += ["", "## Recovery", "", paragraph(rng), "", "```python"]
        out += ["import boto3", f"client = boto3.client('{rng.choice(SERVICES)}')", f"print(client.describe(Id='rb-{i}'))", "```"]
    out += ["", "## Escalation", "", paragraph(rng), ""]
    return "\n".join(out)


def main():
    args = [a for a in sys.argv[1:] if a != "--flat"]
    if len(args) != 2:
        sys.exit(__doc__)
    total, root = int(args[0]), args[1]
    rng = random.Random(42)
    content = os.path.join(root, "content")
    per_sub = 1000 if "--flat" in sys.argv else 100
    subs = max(1, -(-total // (10 * per_sub)))
    written = 0
    for s in range(10):
        section = os.path.join(content, f"area-{s:02d}")
        os.makedirs(section, exist_ok=True)
        with open(os.path.join(section, "_index.md"), "w") as f:
            f.write(f'+++\ntitle = "Area {s:02d}"\nweight = {s}\n+++\n\n{paragraph(rng)}\n')
        for b in range(subs):
            sub = os.path.join(section, f"group-{b:02d}")
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, "_index.md"), "w") as f:
                f.write(f'+++\ntitle = "Group {s:02d}.{b:02d}"\nweight = {b}\n+++\n\n{paragraph(rng)}\n')
            group_index = s * subs + b
            count = total // (10 * subs) + (1 if group_index < total % (10 * subs) else 0)
            for i in range(count):
                links = [(f"page-{(i + d) % count:03d}.md", f"Page {(i + d) % count}") for d in (1, 2, 7)]
                with open(os.path.join(sub, f"page-{i:03d}.md"), "w") as f:
                    f.write(page(rng, i, f"Runbook {s:02d}.{b:02d}.{i:03d} {rng.choice(WORDS)}", links))
                written += 1
    with open(os.path.join(root, "dontpanic.toml"), "w") as f:
        f.write('title = "Benchmark"\n')
    write_hugo_site(root)
    print(f"{written} pages in {content}")


def write_hugo_site(root):
    """A minimal Hugo site over the same content: a sidebar of sections, the page, its TOC."""
    with open(os.path.join(root, "hugo.toml"), "w") as f:
        f.write('title = "Benchmark"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
                '[markup.highlight]\nnoClasses = false\n[markup.goldmark.renderer]\nunsafe = true\n')
    layouts = os.path.join(root, "layouts", "_default")
    os.makedirs(layouts, exist_ok=True)
    nav = ('<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
           '{{ if $.IsDescendant . }}<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}'
           '</li>{{ end }}</ul></nav>')
    base = ('<!doctype html><html><head><title>{{ .Title }}</title></head><body>' + nav +
            '<main>{{ block "main" . }}{{ end }}</main></body></html>')
    with open(os.path.join(layouts, "baseof.html"), "w") as f:
        f.write(base)
    with open(os.path.join(layouts, "single.html"), "w") as f:
        f.write('{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.severity }} {{ .Params.owner }}</p>'
                '{{ .TableOfContents }}{{ .Content }}'
                '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}')
    with open(os.path.join(layouts, "list.html"), "w") as f:
        f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>{{ end }}')


if __name__ == "__main__":
    main()
