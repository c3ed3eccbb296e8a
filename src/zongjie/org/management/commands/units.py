import json

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.tree import Tree

from zongjie.org.models import Unit
from zongjie.org.services import unit_rows


class Command(BaseCommand):
    help = "列出单位树（--json 输出 code、name、parent、level）"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 列表输出")

    def handle(self, *args, **options):
        rows = unit_rows(Unit.objects.filter(is_active=True))
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        console = Console()
        nodes: dict[str | None, Tree] = {}
        root = Tree("单位树")
        for row in rows:
            parent = nodes.get(row["parent"], root)
            nodes[row["code"]] = parent.add(f"{row['name']} [dim]{row['code']}[/dim]")
        console.print(root)
