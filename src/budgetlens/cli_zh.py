"""Help in Chinese (``budgetlens --lang zh COMMAND --help``) for finance officers.

The English help stays the source; this table gives each command and option its Chinese
text. It is applied for one invocation and restored when that invocation closes.
"""

from __future__ import annotations

import click

COMMANDS = {
    None: "读取并核对部门预算、决算公开文件（部门预算公开 / 部门决算公开）。\n\n"
          "\b\n示例：\n  budgetlens extract report.pdf --format json\n"
          "  budgetlens check samples/*.md\n  budgetlens rules A001\n"
          "  budgetlens --lang zh check --help",
    "extract": "把公开文件转成结构化数据：基本信息、报表、文字说明中的数字和事实。\n\n"
               "每个文件在独立进程中按时间和内存限制读取；读不了的文件在标准错误输出一行"
               "（文件: 问题），其余文件照常处理。",
    "check": "核对每一个数字和每一项应公开的内容，指出错在哪里。\n\n"
             "退出码：0 没有错误级别的发现；1 至少一项；2 有文件没有结果（无法读取、崩溃、"
             "超出时间或内存限制，或不是预算、决算公开文件）。\n\n"
             "\b\n示例：\n  budgetlens check 报告.pdf --select A,X --format json\n"
             "  budgetlens check 报告目录/ --format xlsx -o 审核发现.xlsx\n"
             "  budgetlens check 报告目录/ --write-baseline 已确认.json\n"
             "  budgetlens check 报告目录/ --baseline 已确认.json --fail-on warning",
    "rules": "列出全部规则，或按编码说明一条规则（E000：规则执行出错）。",
    "schema": "输出 extract 和 check 的 --format json 结果所遵循的 JSON Schema。",
}

OPTIONS = {
    "fmt": "输出格式：text 供人阅读；json 供程序读取（一个对象）；jsonl 每行一个文件的结果。"
           "check 另有整批报告：csv、xlsx（财政部门审核清单的列，xlsx 须用 -o 指定文件）、"
           "sarif（SARIF 2.1.0）、github（工作流注释）。",
    "workers": "同时处理的文件数，每个文件一个进程（0：全部在本进程内、不加限制，用于调试）。",
    "timeout": "每个文件允许的处理秒数（0：不限）。",
    "memory": "每个文件允许的内存，单位 MB 或带单位（1500M、2G；0：不限）。",
    "output": "把报告写入文件而不是标准输出（xlsx 必须指定）。",
    "select": "只运行这些规则编码或前缀（逗号分隔，如 A,P001）；未知编码报错。",
    "ignore": "跳过这些规则编码或前缀（逗号分隔）；未知编码报错。",
    "config_file": "配置文件（默认：工作目录起向上最近的 budgetlens.toml，或 pyproject.toml "
                   "中的 [tool.budgetlens]）。",
    "baseline": "只报告基线文件中未确认的发现。",
    "write_baseline": "把本次全部发现写入基线文件，作为已确认的发现。",
    "fail_on": "使退出码为 1 的最低级别（默认 error）。",
    "statistics": "在标准错误输出各规则的发现数。",
    "extensions": "目录参数中读取的文件类型（递归查找）。",
    "quiet": "不输出报告，只给退出码和问题。",
    "verbose": "在标准错误输出所用的配置文件和基线。",
    "lang": "帮助文字的语言：en 或 zh。",
    "help": "显示本帮助并退出。",
}


def use_chinese(ctx: click.Context) -> None:
    """Swap every command's and option's help for the Chinese text until ``ctx`` closes."""
    group = ctx.command
    saved: list[tuple[object, str, object]] = []

    def swap(obj, attr: str, text: str | None) -> None:
        if text is not None:
            saved.append((obj, attr, getattr(obj, attr)))
            setattr(obj, attr, text)

    commands = [(None, group)] + list(group.commands.items())
    for name, command in commands:
        swap(command, "help", COMMANDS.get(name))
        for param in command.params:
            if isinstance(param, click.Option):
                swap(param, "help", OPTIONS.get(param.name))

    def restore() -> None:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)

    ctx.call_on_close(restore)
