"""scorecard synth / scorecard demo."""

from __future__ import annotations

import click

from ..synth.defects import KINDS
from ..synth.rates import SIZES
from .common import progress_printer


@click.command("synth")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="The folder to write the LAs' returns to.")
@click.option("--seed", default=42, show_default=True, type=int, help="The same seed gives byte-identical files.")
@click.option("--size", default="medium", show_default=True, type=click.Choice(list(SIZES)),
              help="small: a few hundred children; medium: ~3,000 referrals and ~300 in care a year; "
                   "large: ~15,000 referrals and ~1,500 in care.")
@click.option("--years", default=3, show_default=True, type=click.IntRange(1, 15), help="Collection years.")
@click.option("--end-year", default=2025, show_default=True, type=click.IntRange(2015, 2035),
              help="The last collection year (2025 = 2024-25).")
@click.option("--las", default="1", show_default=True, metavar="N|all",
              help="How many LAs: Haringey first, then its ten DfE statistical neighbours, then the other "
                   "English LAs by code; all = all 153.")
@click.option("--region", "region_name", metavar="NAME",
              help="Instead of --las: every LA of one English region, e.g. London or \"North East\".")
@click.option("--xml-903", is_flag=True, help="Write the SSDA903 as one XML file instead of the CSV set.")
@click.option("--annex-a/--no-annex-a", default=True, show_default=True,
              help="An Ofsted Annex A workbook at the last year end.")
@click.option("--defects", default="", metavar="KINDS",
              help="Comma-separated data-quality problems to inject: " + ", ".join(KINDS) + ", or all.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def synth_command(out, seed, size, years, end_year, las, region_name, xml_903, annex_a, defects, quiet):
    """Generate synthetic LAs' CIN census, SSDA903 and Annex A files (made-up children, realistic rates)."""
    from ..synth.generate import generate

    if las != "all" and not las.isdigit():
        raise click.BadParameter(f'"{las}": give a number of LAs or all.', param_hint="--las")
    result = generate(out, seed=seed, size=size, years=years, end_year=end_year, las=las,
                      region_name=region_name, xml_903=xml_903,
                      annex_a="all" if annex_a else "none", defects=defects.split(","),
                      progress=progress_printer(not quiet))
    for la in result.las:
        click.echo(f"{la.code} {la.name}: {len(la.children):,} children")
    click.echo(f"Wrote {len(result.written)} LA-years to {result.out} (settings: {result.settings}).")
    first = result.written[0]
    click.echo(f"Load them all with: scorecard load {result.out} --settings {result.settings}\n"
               f"or one LA's year with: scorecard load {first.folder} --la {first.la} --year {first.year}")


@click.command("demo")
@click.option("--out", default="demo-output", show_default=True, type=click.Path(file_okay=False),
              help="The folder for the returns, the store and (later) the scorecard.")
@click.option("--seed", default=42, show_default=True, type=int)
@click.option("--years", default=3, show_default=True, type=click.IntRange(1, 6), help="Collection years.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def demo_command(out, seed, years, quiet):
    """Generate a synthetic LA and its ten statistical neighbours, load them and summarise."""
    from ..synth.demo import format_summary, run_demo

    summary = run_demo(out, seed, years=years, progress=progress_printer(not quiet))
    for line in format_summary(summary):
        click.echo(line)
