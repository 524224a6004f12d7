"""Incoming mail, parsed into what the helpdesk needs: who wrote, about which ticket, what they
said (without the quoted history), and the files they attached. Pure: bytes in, a value out.

A message that cannot be used raises ``MailRejected`` with the reason; the caller keeps it aside
with that reason, never drops it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html.parser import HTMLParser

#: A ticket's reference as it appears in the subject of every mail the helpdesk sends.
REFERENCE = re.compile(r"\[?\bIT-(\d{1,9})\b\]?", re.IGNORECASE)
#: Lines that introduce the quoted message in a reply, in the clients people use here.
QUOTE_HEADERS = (
    re.compile(r"^\s*On .{3,200} wrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*На .{3,200} (написа|писа)\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Оригинално съобщение)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*(From|От):\s.+$"),
)
MAX_BODY = 50_000
REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|отг|пр)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


class MailRejected(ValueError):
    """The message cannot become a ticket or a reply; ``str(exc)`` says why."""


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    body: str
    reference: int | None
    attachments: tuple[MailAttachment, ...] = field(default=())
    auto_reply: bool = False

    @property
    def clean_subject(self) -> str:
        subject = REFERENCE.sub("", REPLY_PREFIX.sub("", self.subject)).strip(" -:[]")
        return REPLY_PREFIX.sub("", subject).strip() or self.subject.strip()


class _Text(HTMLParser):
    """HTML to plain text: block elements become line breaks, scripts and styles vanish."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.quote = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self.skip += 1
        if tag == "blockquote":
            self.quote += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1
        if tag == "blockquote" and self.quote:
            self.quote -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip and not self.quote:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in joined.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()


def strip_quoted(text: str) -> str:
    """The new part of a reply: up to the first quote header or the first run of '>' lines."""
    kept: list[str] = []
    for line in text.splitlines():
        if any(pattern.match(line) for pattern in QUOTE_HEADERS):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    while kept and not kept[-1].strip():
        kept.pop()
    # A signature separator ends the message too ("-- " by convention).
    if "-- " in kept:
        kept = kept[: kept.index("-- ")]
    return "\n".join(kept).strip()


def _decoded(part: EmailMessage) -> str:
    """A text part's content; an unknown or lying charset falls back instead of failing."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        for charset in ("utf-8", "cp1251", "latin-1"):
            try:
                return payload.decode(charset)
            except UnicodeDecodeError:
                continue
        return payload.decode("utf-8", "replace")
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse one RFC 5322 message. Raises ``MailRejected`` with the reason when it is unusable."""
    if not raw or not raw.strip():
        raise MailRejected("empty message")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception as exc:  # noqa: BLE001 (any parser failure is a reason to keep it aside)
        raise MailRejected(f"unreadable message: {exc}") from None
    try:
        sender_header = str(message.get("Reply-To") or message.get("From") or "")
    except (ValueError, IndexError):
        sender_header = ""
    name, address = parseaddr(sender_header)
    if not address:
        pairs = getaddresses([sender_header])
        name, address = pairs[0] if pairs else ("", "")
    if "@" not in address:
        raise MailRejected("no sender address")
    try:
        subject = str(message.get("Subject") or "").strip()
    except (ValueError, IndexError):
        subject = ""
    subject = subject.replace("\x00", "")
    plain: list[str] = []
    html: list[str] = []
    attachments: list[MailAttachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        content_type = part.get_content_type()
        if (
            disposition == "attachment"
            or (filename and disposition != "inline")
            or (filename and not content_type.startswith("text/"))
        ):
            attachments.append(
                MailAttachment(
                    filename=(filename or "attachment").replace("\x00", "")[:200],
                    content_type=content_type,
                    content=part.get_payload(decode=True) or b"",
                )
            )
        elif content_type == "text/plain":
            plain.append(_decoded(part))
        elif content_type == "text/html":
            html.append(_decoded(part))
    text = "\n".join(plain) if plain else html_to_text("\n".join(html))
    body = strip_quoted(text.replace("\r\n", "\n").replace("\x00", ""))[:MAX_BODY]
    if not body and not attachments:
        raise MailRejected("no text and no attachment")
    match = REFERENCE.search(subject)
    auto = (message.get("Auto-Submitted", "no").lower() != "no") or (
        message.get("Precedence", "").lower() in ("bulk", "auto_reply", "junk")
    )
    message_id = str(message.get("Message-ID") or "").strip()[:250]
    return ParsedMail(
        message_id=message_id,
        sender=address.lower()[:254],
        sender_name=name[:150],
        subject=subject[:250],
        body=body,
        reference=int(match.group(1)) if match else None,
        attachments=tuple(attachments),
        auto_reply=auto,
    )
