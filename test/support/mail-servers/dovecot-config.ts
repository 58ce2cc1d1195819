// The Dovecot 2.3 configuration the tests run with, as one template function. A variant
// (no SPECIAL-USE today; TLS, no CONDSTORE, no IDLE, quota later) is a parameter here,
// never a second copy of the file. Settings and why: ../../../../shared/RECIPES.md
// "Dovecot (real IMAP server)".

/** A mailbox Dovecot creates and subscribes at login (`auto = subscribe`). */
export interface MailboxDefinition {
  /** Full IMAP name with `.` as the hierarchy separator, e.g. `Sent`, `INBOX.Sent Items`. */
  name: string;
  /** RFC 6154 attribute such as `\Sent`; dropped when the variant has no SPECIAL-USE. */
  specialUse?: string;
}

/** Sent, Drafts, Trash, Archive and Junk, each with its RFC 6154 attribute. */
export const defaultMailboxes: readonly MailboxDefinition[] = [
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Drafts', specialUse: '\\Drafts' },
  { name: 'Trash', specialUse: '\\Trash' },
  { name: 'Archive', specialUse: '\\Archive' },
  { name: 'Junk', specialUse: '\\Junk' },
];

/**
 * Dovecot 2.3.19's own post-login capability list (Debian 12), as its CAPABILITY answers
 * with `imap_capability` unset. Dovecot can only add to this list (`+X`), not remove from
 * it, so a variant without a capability writes the whole list minus that capability.
 */
export const dovecotDefaultCapabilities: readonly string[] = [
  'IMAP4rev1', 'SASL-IR', 'LOGIN-REFERRALS', 'ID', 'ENABLE', 'IDLE', 'SORT', 'SORT=DISPLAY',
  'THREAD=REFERENCES', 'THREAD=REFS', 'THREAD=ORDEREDSUBJECT', 'MULTIAPPEND', 'URL-PARTIAL',
  'CATENATE', 'UNSELECT', 'CHILDREN', 'NAMESPACE', 'UIDPLUS', 'LIST-EXTENDED', 'I18NLEVEL=1',
  'CONDSTORE', 'QRESYNC', 'ESEARCH', 'ESORT', 'SEARCHRES', 'WITHIN', 'CONTEXT=SEARCH',
  'LIST-STATUS', 'BINARY', 'MOVE', 'SNIPPET=FUZZY', 'PREVIEW=FUZZY', 'PREVIEW', 'STATUS=SIZE',
  'SAVEDATE', 'LITERAL+', 'NOTIFY', 'SPECIAL-USE',
];

export interface DovecotConfigInput {
  /** The instance's own folder; everything Dovecot writes lives below it. */
  folder: string;
  imapPort: number;
  lmtpPort: number;
  /** passwd-file with the users (`name:{PLAIN}password::::::`). */
  passwdFile: string;
  /** Users' homes are `<mailRoot>/<user name>`, their mail `<home>/Maildir`. */
  mailRoot: string;
  /**
   * Who owns the mail (Dovecot refuses uid 0). With `unprivileged`, the tests do not run
   * as root and Dovecot runs all its processes as that user, without chroot.
   */
  mailOwner: { uid: number; gid: number; unprivileged?: { user: string; group: string } };
  mailboxes: readonly MailboxDefinition[];
  /** false: SPECIAL-USE leaves the CAPABILITY list and no mailbox carries `special_use`. */
  specialUse: boolean;
  /** Capabilities to leave out of CAPABILITY (e.g. `CONDSTORE`, `QRESYNC`, `IDLE`). */
  removeCapabilities: readonly string[];
  /** Raw configuration appended last, for one-off settings (plugins, quota rules). */
  extraConfig: string;
  /**
   * TLS variant: the certificate and key files, and the port of the imaps listener (TLS
   * from the first byte); the imap port then offers STARTTLS. Absent: `ssl = no`.
   */
  tls?: { certPath: string; keyPath: string; imapsPort: number } | undefined;
}

/** Renders `dovecot.conf` for one test instance. */
export function renderDovecotConfig(input: DovecotConfigInput): string {
  const removed = new Set(input.removeCapabilities.map((capability) => capability.toUpperCase()));
  if (!input.specialUse) removed.add('SPECIAL-USE');
  const capabilityLine = removed.size === 0 ? '' : `imap_capability = ${dovecotDefaultCapabilities.filter((capability) => !removed.has(capability)).join(' ')}`;
  const mailboxes = input.mailboxes.map((mailbox) => {
    const specialUse = input.specialUse && mailbox.specialUse ? `\n    special_use = ${mailbox.specialUse}` : '';
    return `  mailbox ${quote(mailbox.name)} {\n    auto = subscribe${specialUse}\n  }`;
  });
  return `# Written by test/support/mail-servers; one Dovecot per test file.
protocols = imap lmtp
listen = 127.0.0.1
base_dir = ${input.folder}/run
state_dir = ${input.folder}/state
log_path = ${input.folder}/dovecot.log
info_log_path = ${input.folder}/dovecot.log
hostname = hirebox.test
postmaster_address = postmaster@hirebox.test

${input.tls ? `ssl = yes\nssl_cert = <${input.tls.certPath}\nssl_key = <${input.tls.keyPath}\nssl_min_protocol = TLSv1.2` : 'ssl = no'}
disable_plaintext_auth = no
auth_mechanisms = plain login
# Default 2 s after every failed login: too slow for tests of a wrong password. Dovecot
# 2.3.19 still answers a failure only on its 500 ms check timer, so about 0.5 s remain.
auth_failure_delay = 0

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${input.passwdFile}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${input.passwdFile}
  default_fields = uid=${input.mailOwner.uid} gid=${input.mailOwner.gid} home=${input.mailRoot}/%u
}
first_valid_uid = ${input.mailOwner.uid}
first_valid_gid = ${input.mailOwner.gid}
mail_uid = ${input.mailOwner.uid}
mail_gid = ${input.mailOwner.gid}
# UTF-8 folder names on disk (not modified UTF-7), so the Maildir writer maps names 1:1.
mail_location = maildir:~/Maildir:UTF-8
# Makes APPEND about 5 times faster; a crash of the test machine loses nothing we keep.
mail_fsync = never
# Default 10 breaks tests that open many connections for one user.
mail_max_userip_connections = 200
mailbox_idle_check_interval = 1 secs
${capabilityLine}
${input.mailOwner.unprivileged ? unprivilegedSettings(input.mailOwner.unprivileged) : ''}

namespace inbox {
  inbox = yes
  separator = .
${mailboxes.join('\n')}
}

# After a failed login anvil's auth penalty holds every further login from the same IP
# (all tests are 127.0.0.1) for 2 s and more, up to 15 s. Without its socket the penalty
# is off (auth-penalty.c: "disabled" when anvil cannot be reached).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${input.imapPort}
  }
  inet_listener imaps {
    ${input.tls ? `address = 127.0.0.1\n    port = ${input.tls.imapsPort}\n    ssl = yes` : 'port = 0'}
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${input.lmtpPort}
  }
}
${input.extraConfig}
`;
}

/** Dovecot's rootless mode: its internal and login users are the caller, and nothing chroots. */
function unprivilegedSettings(owner: { user: string; group: string }): string {
  return `default_internal_user = ${owner.user}
default_internal_group = ${owner.group}
default_login_user = ${owner.user}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
}

/** Dovecot config strings: double quotes, backslash escapes. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
