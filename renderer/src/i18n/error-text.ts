import type { ChannelName } from '../../../shared/contract.js';
import type { ErrorCode, WireError } from '../../../shared/errors.js';
import { isErrorCode } from '../../../shared/errors.js';
import type { Language } from '../../../shared/model.js';

type Words = Record<Language, string>;

/**
 * The one table that turns every error code into words a user understands, in both
 * languages. The engine's `message` is English for logs; the UI never shows it.
 * `satisfies` makes the compiler insist on a row for each code of shared/errors.ts.
 */
export const errorText = {
  'invalid-input': {
    en: 'Please check this entry.',
    de: 'Bitte prüfe diese Eingabe.',
  },
  'unknown-channel': {
    en: 'This window and the Hirebox engine are different versions. Restart Hirebox.',
    de: 'Dieses Fenster und Hirebox passen nicht zusammen (verschiedene Versionen). Starte Hirebox neu.',
  },
  unauthenticated: {
    en: 'This link has expired — open the address Hirebox printed.',
    de: 'Dieser Link ist abgelaufen – öffne die Adresse, die Hirebox ausgegeben hat.',
  },
  forbidden: {
    en: 'You don’t have the rights to do this. An admin of your workspace can help.',
    de: 'Dafür fehlen dir die Rechte. Ein Admin deines Workspace kann helfen.',
  },
  'not-found': {
    en: 'This no longer exists. It may have been deleted in the meantime.',
    de: 'Das gibt es nicht mehr. Vielleicht wurde es inzwischen gelöscht.',
  },
  conflict: {
    en: 'This was changed at the same time somewhere else. Look at the current state and try again.',
    de: 'Das wurde gleichzeitig an anderer Stelle geändert. Sieh dir den aktuellen Stand an und versuche es erneut.',
  },
  'setup-required': {
    en: 'Hirebox is not set up yet. Finish the setup first.',
    de: 'Hirebox ist noch nicht eingerichtet. Schließe zuerst die Einrichtung ab.',
  },
  'already-set-up': {
    en: 'This installation is already set up. Reload the window to continue.',
    de: 'Diese Installation ist bereits eingerichtet. Lade das Fenster neu, um weiterzumachen.',
  },
  'own-address': {
    en: 'This is your own address or a colleague’s, so it can’t belong to a candidate.',
    de: 'Das ist deine eigene Adresse oder die eines Kollegen oder einer Kollegin – sie kann nicht zu Kandidat*innen gehören.',
  },
  'database-too-new': {
    en: 'The stored data comes from a newer Hirebox. Install the newer version to open it.',
    de: 'Die gespeicherten Daten stammen von einer neueren Hirebox-Version. Installiere die neuere Version, um sie zu öffnen.',
  },
  'storage-unavailable': {
    en: 'Hirebox cannot write to its data folder. Check free disk space and permissions.',
    de: 'Hirebox kann nicht in seinen Datenordner schreiben. Prüfe den freien Speicherplatz und die Berechtigungen.',
  },
  'disk-full': {
    en: 'The disk that holds Hirebox’s data is full. Free some space; nothing half saved was kept.',
    de: 'Der Datenträger mit den Daten von Hirebox ist voll. Gib etwas Speicherplatz frei; nichts wurde halb gespeichert.',
  },
  'auth-expired': {
    en: 'The sign-in to this account has expired. Sign in again.',
    de: 'Die Anmeldung bei diesem Konto ist abgelaufen. Melde dich erneut an.',
  },
  'auth-required': {
    en: 'This account needs you to sign in.',
    de: 'Für dieses Konto musst du dich anmelden.',
  },
  'rate-limited': {
    en: 'The mail provider asks Hirebox to slow down. It tries again by itself.',
    de: 'Der E-Mail-Anbieter bremst Hirebox gerade. Hirebox versucht es selbst erneut.',
  },
  network: {
    en: 'Hirebox can’t be reached right now. Check that it is still running.',
    de: 'Hirebox ist gerade nicht erreichbar. Prüfe, ob es noch läuft.',
  },
  timeout: {
    en: 'This took too long. Please try again.',
    de: 'Das hat zu lange gedauert. Bitte versuche es erneut.',
  },
  internal: {
    en: 'Something went wrong inside Hirebox. The log has details.',
    de: 'In Hirebox ist etwas schiefgegangen. Details stehen im Protokoll.',
  },
} as const satisfies Record<ErrorCode, Words>;

/**
 * Words for an `invalid-input` error at a known field (`error.field`, a dotted path of the
 * contract's input). `{{value}}` is the value the user typed there, when known.
 * Patterns ending in `.*` match any array index.
 */
export const fieldErrorText: Record<string, Words> = {
  workspaceName: {
    en: 'Enter your company’s name.',
    de: 'Gib den Namen deines Unternehmens ein.',
  },
  domains: {
    en: 'Enter at least one mail domain, e.g. acme.com.',
    de: 'Gib mindestens eine E-Mail-Domain ein, z. B. acme.com.',
  },
  'domains.*': {
    en: '“{{value}}” is not a mail domain. Enter it like acme.com.',
    de: '„{{value}}“ ist keine E-Mail-Domain. Gib sie so ein: acme.com.',
  },
  'owner.name': {
    en: 'Enter your name.',
    de: 'Gib deinen Namen ein.',
  },
  'owner.email': {
    en: 'Enter a work address like name@acme.com.',
    de: 'Gib eine berufliche Adresse wie name@acme.com ein.',
  },
  name: {
    en: 'Enter a name.',
    de: 'Gib einen Namen ein.',
  },
  addresses: {
    en: 'Enter at least one mail address.',
    de: 'Gib mindestens eine E-Mail-Adresse ein.',
  },
  'addresses.*': {
    en: '“{{value}}” is not a mail address. Enter it like name@example.com.',
    de: '„{{value}}“ ist keine E-Mail-Adresse. Gib sie so ein: name@example.com.',
  },
  primaryAddress: {
    en: 'Choose one of the addresses above as the primary one.',
    de: 'Wähle eine der Adressen oben als Hauptadresse.',
  },
  applications: {
    en: 'Choose the jobs from the list.',
    de: 'Wähle die Jobs aus der Liste.',
  },
  title: {
    en: 'Enter a job title.',
    de: 'Gib einen Jobtitel ein.',
  },
  teamUserIds: {
    en: 'Choose the team from the list.',
    de: 'Wähle das Team aus der Liste.',
  },
  email: {
    en: 'Enter a work address like name@acme.com.',
    de: 'Gib eine berufliche Adresse wie name@acme.com ein.',
  },
  address: {
    en: 'Enter a mail address like name@acme.com.',
    de: 'Gib eine E-Mail-Adresse wie name@acme.com ein.',
  },
  role: {
    en: 'Choose a role.',
    de: 'Wähle eine Rolle.',
  },
  stage: {
    en: 'Choose a stage from the list.',
    de: 'Wähle eine Phase aus der Liste.',
  },
  jobId: {
    en: 'Choose a job from the list.',
    de: 'Wähle einen Job aus der Liste.',
  },
  file: {
    en: 'Hirebox could not take this file. Choose a CSV file and try again.',
    de: 'Hirebox konnte diese Datei nicht übernehmen. Wähle eine CSV-Datei und versuche es erneut.',
  },
  // Saving attachments in the desktop app: the chosen place could not be written.
  saveTo: {
    en: 'The file could not be saved there. Choose another folder and try again.',
    de: 'Die Datei konnte dort nicht gespeichert werden. Wähle einen anderen Ordner und versuche es erneut.',
  },
  displayName: {
    en: 'Keep the display name under 200 characters.',
    de: 'Der Anzeigename darf höchstens 200 Zeichen lang sein.',
  },
  userName: {
    en: 'Enter the user name you sign in to your mail with — usually the mail address.',
    de: 'Gib den Benutzernamen ein, mit dem du dich bei deinem E-Mail-Konto anmeldest – meist die E-Mail-Adresse.',
  },
  password: {
    en: 'Enter the password of your mail account.',
    de: 'Gib das Passwort deines E-Mail-Kontos ein.',
  },
  'imap.host': {
    en: 'Enter the name of the IMAP server, like imap.example.com.',
    de: 'Gib den Namen des IMAP-Servers ein, z. B. imap.example.com.',
  },
  'imap.port': {
    en: 'Enter a port from 1 to 65535 — usually 993 with TLS, 143 with STARTTLS.',
    de: 'Gib einen Port von 1 bis 65535 ein – meist 993 mit TLS, 143 mit STARTTLS.',
  },
  'imap.security': {
    en: 'Without encryption, Hirebox connects only to a server on this computer. Choose TLS or STARTTLS.',
    de: 'Ohne Verschlüsselung verbindet sich Hirebox nur mit einem Server auf diesem Computer. Wähle TLS oder STARTTLS.',
  },
  'smtp.host': {
    en: 'Enter the name of the SMTP server, like smtp.example.com.',
    de: 'Gib den Namen des SMTP-Servers ein, z. B. smtp.example.com.',
  },
  'smtp.port': {
    en: 'Enter a port from 1 to 65535 — usually 465 with TLS, 587 with STARTTLS.',
    de: 'Gib einen Port von 1 bis 65535 ein – meist 465 mit TLS, 587 mit STARTTLS.',
  },
  'smtp.security': {
    en: 'Without encryption, Hirebox connects only to a server on this computer. Choose TLS or STARTTLS.',
    de: 'Ohne Verschlüsselung verbindet sich Hirebox nur mit einem Server auf diesem Computer. Wähle TLS oder STARTTLS.',
  },
};

/**
 * Words for other codes at a known field, where the code's general words would mislead:
 * `conflict` on a candidate's address means "already another candidate's", not "changed
 * elsewhere", and `own-address` on a team member's address means it is on a candidate (R4
 * from the other side). Without the value, these fall back to the code's words.
 */
export const codeFieldErrorText: Partial<Record<ErrorCode, Record<string, Words>>> = {
  'own-address': {
    'addresses.*': {
      en: '“{{value}}” is your own address or a colleague’s (a +tag makes no difference), so it can’t belong to a candidate.',
      de: '„{{value}}“ ist deine eigene Adresse oder die einer Kollegin oder eines Kollegen (ein +Zusatz ändert daran nichts) – sie kann nicht zu Kandidat*innen gehören.',
    },
    email: {
      en: '“{{value}}” is on a candidate’s profile. A team member’s address can’t belong to a candidate: remove it from the candidate first.',
      de: '„{{value}}“ steht im Profil einer Kandidatin oder eines Kandidaten. Die Adresse eines Teammitglieds kann nicht zu Kandidat*innen gehören: Entferne sie dort zuerst.',
    },
    address: {
      en: '“{{value}}” is on a candidate’s profile. A team member’s address can’t belong to a candidate: remove it from the candidate first.',
      de: '„{{value}}“ steht im Profil einer Kandidatin oder eines Kandidaten. Die Adresse eines Teammitglieds kann nicht zu Kandidat*innen gehören: Entferne sie dort zuerst.',
    },
  },
  conflict: {
    'addresses.*': {
      en: '“{{value}}” already belongs to another candidate. If it is the same person, merge the two.',
      de: '„{{value}}“ gehört schon zu einer anderen Person. Ist es dieselbe, führe die beiden zusammen.',
    },
    email: {
      en: 'A team member with “{{value}}” exists already.',
      de: 'Es gibt schon ein Teammitglied mit „{{value}}“.',
    },
    address: {
      en: '“{{value}}” is already a team member’s address.',
      de: '„{{value}}“ ist schon die Adresse eines Teammitglieds.',
    },
    role: {
      en: 'This role can’t change: the owner of this installation and the last admin of the workspace always stay admins.',
      de: 'Diese Rolle lässt sich nicht ändern: Die Eigentümerin oder der Eigentümer dieser Installation und der letzte Admin bleiben immer Admins.',
    },
  },
};

/**
 * Words that only fit one channel, where a code or a field means something else there.
 * `fields` are looked up before the general field tables, `codes` before the code table.
 * Connecting a mailbox talks to a mail server: `network` and `timeout` are that server,
 * `auth-required` is its refusal, `conflict` at `address` is R8 (connected already) and
 * `own-address` at `address` is R4 from the mailbox's side.
 */
export const channelErrorText: Partial<
  Record<ChannelName, { fields?: Partial<Record<ErrorCode, Record<string, Words>>>; codes?: Partial<Record<ErrorCode, Words>> }>
> = {
  'mailboxes:update': {
    fields: {
      'invalid-input': {
        displayName: {
          en: 'Enter a sender name, up to 200 characters.',
          de: 'Gib einen Absendernamen mit höchstens 200 Zeichen ein.',
        },
        signature: {
          en: 'A signature can have up to 4,000 characters.',
          de: 'Eine Signatur darf höchstens 4.000 Zeichen lang sein.',
        },
      },
    },
    codes: {
      forbidden: {
        en: 'Only the owner of this mailbox can change its sender and signature — or an admin, for a shared inbox.',
        de: 'Absender und Signatur ändern kann nur, wem das Postfach gehört – bei einem gemeinsamen Postfach auch ein Admin.',
      },
    },
  },
  // --- Compose (writing mail): writing mail ---
  'outbox:send': {
    fields: {
      'invalid-input': {
        to: { en: 'Enter at least one recipient.', de: 'Gib mindestens eine Empfängerin oder einen Empfänger an.' },
        'to.*': { en: '“{{value}}” in To is not an email address.', de: '„{{value}}“ unter „An“ ist keine E-Mail-Adresse.' },
        'cc.*': { en: '“{{value}}” in Cc is not an email address.', de: '„{{value}}“ unter „Kopie“ ist keine E-Mail-Adresse.' },
        'bcc.*': { en: '“{{value}}” in Bcc is not an email address.', de: '„{{value}}“ unter „Blindkopie“ ist keine E-Mail-Adresse.' },
        subject: { en: 'Enter a subject.', de: 'Gib einen Betreff ein.' },
        replyToMessageId: {
          en: 'The mail you answer has no Message-ID, so a reply could not be threaded. Write a new mail from the candidate’s profile instead.',
          de: 'Die Mail, auf die du antwortest, hat keine Message-ID; eine Antwort ließe sich nicht zuordnen. Schreib stattdessen eine neue Mail aus dem Profil.',
        },
      },
      'not-found': {
        'attachmentBlobIds.*': { en: 'An attached file is no longer there. Remove it and attach it again.', de: 'Eine angehängte Datei ist nicht mehr da. Entferne sie und hänge sie erneut an.' },
        replyToMessageId: { en: 'The mail you answer is no longer with this candidate.', de: 'Die Mail, auf die du antwortest, gehört nicht mehr zu dieser Person.' },
        candidateId: { en: 'This candidate is no longer there.', de: 'Diese Person gibt es nicht mehr.' },
      },
      conflict: {
        mailboxId: { en: 'This mailbox was unlinked. Choose another mailbox to send from.', de: 'Dieses Postfach wurde getrennt. Wähle ein anderes Postfach zum Senden.' },
      },
      forbidden: {
        mailboxId: { en: 'You may not send from this mailbox. Choose one of yours.', de: 'Aus diesem Postfach darfst du nicht senden. Wähle eines von deinen.' },
      },
    },
  },
  'mailboxes:connect': {
    fields: {
      conflict: {
        address: {
          en: '“{{value}}” is connected already, by you or a colleague. A mailbox several people use is connected only once, as a shared inbox for everyone on its list.',
          de: '„{{value}}“ ist schon verbunden – von dir oder einer Kollegin oder einem Kollegen. Ein Postfach, das mehrere Personen nutzen, wird nur einmal verbunden: als gemeinsames Postfach für alle auf seiner Liste.',
        },
      },
      'own-address': {
        address: {
          en: '“{{value}}” is on a candidate’s profile, so it can’t be your mailbox. Remove it from the candidate first.',
          de: '„{{value}}“ steht im Profil einer Kandidatin oder eines Kandidaten und kann darum nicht dein Postfach sein. Entferne sie dort zuerst.',
        },
      },
    },
    codes: {
      conflict: {
        en: 'This mailbox is connected already, by you or a colleague. A mailbox several people use is connected only once, as a shared inbox for everyone on its list.',
        de: 'Dieses Postfach ist schon verbunden – von dir oder einer Kollegin oder einem Kollegen. Ein Postfach, das mehrere Personen nutzen, wird nur einmal verbunden: als gemeinsames Postfach für alle auf seiner Liste.',
      },
      'auth-required': {
        en: 'The server refused the user name or password. Check both and enter the password again.',
        de: 'Der Server hat den Benutzernamen oder das Passwort abgelehnt. Prüfe beides und gib das Passwort erneut ein.',
      },
      'auth-expired': {
        en: 'The server refused the user name or password. Check both and enter the password again.',
        de: 'Der Server hat den Benutzernamen oder das Passwort abgelehnt. Prüfe beides und gib das Passwort erneut ein.',
      },
      network: {
        en: 'Hirebox could not reach the mail server, or could not set up a secure connection to it. Check the server names, ports and security settings.',
        de: 'Hirebox konnte den Mailserver nicht erreichen oder keine sichere Verbindung zu ihm aufbauen. Prüfe Servernamen, Ports und Verschlüsselung.',
      },
      timeout: {
        en: 'The mail server did not answer in time. Check the server names and ports, then try again.',
        de: 'Der Mailserver hat nicht rechtzeitig geantwortet. Prüfe Servernamen und Ports und versuche es dann erneut.',
      },
      'rate-limited': {
        en: 'The mail server asks Hirebox to slow down. Wait a moment, then try again.',
        de: 'Der Mailserver bremst Hirebox gerade. Warte einen Moment und versuche es dann erneut.',
      },
    },
  },
};

function fieldPattern(field: string): string {
  return field.replace(/\.\d+$/, '.*');
}

/** The words at `field` for `code`, with `{{value}}` filled in; undefined when there are none. */
function wordsAtField(
  error: WireError & { field: string },
  language: Language,
  fieldValue: string | undefined,
  channel: ChannelName | undefined,
): string | undefined {
  const channelTable = channel === undefined ? undefined : channelErrorText[channel]?.fields?.[error.code];
  const table = error.code === 'invalid-input' ? fieldErrorText : codeFieldErrorText[error.code];
  const words = channelTable?.[error.field] ?? table?.[error.field] ?? table?.[fieldPattern(error.field)];
  if (!words) return undefined;
  const text = words[language];
  if (!text.includes('{{value}}')) return text;
  if (fieldValue !== undefined && fieldValue !== '') return text.replace('{{value}}', fieldValue);
  // Without the value, fall back to the field's general words (invalid input) or the code's.
  const general = error.code === 'invalid-input' ? fieldErrorText[error.field.replace(/\.(\d+|\*)$/, '')] : undefined;
  return general && !general[language].includes('{{value}}') ? general[language] : undefined;
}

/**
 * The words to show for an error. Errors at a known field get words for that field
 * (see the tables above); other errors keep their code's words wherever they appear.
 * `channel` names the call the error answers, for words that only fit there
 * (`channelErrorText`); leave it out for an error that did not come from the engine
 * (Hirebox itself out of reach).
 */
export function describeError(error: WireError, language: Language, fieldValue?: string, channel?: ChannelName): string {
  if (error.field !== undefined) {
    const atField = wordsAtField({ ...error, field: error.field }, language, fieldValue, channel);
    if (atField !== undefined) return atField;
  }
  const forChannel = channel === undefined || !isErrorCode(error.code) ? undefined : channelErrorText[channel]?.codes?.[error.code];
  if (forChannel !== undefined) return forChannel[language];
  // A newer engine may send a code this window does not know yet.
  const text: string = errorText[isErrorCode(error.code) ? error.code : 'internal'][language];
  if (error.code === 'rate-limited' && error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
    const seconds = Math.ceil(error.retryAfterMs / 1000);
    return language === 'de' ? `${text} Nächster Versuch in ${seconds} s.` : `${text} Next try in ${seconds} s.`;
  }
  return text;
}

/** The form field an error belongs to: `domains.2` belongs to the `domains` field. */
export function fieldOf(error: WireError): string | undefined {
  return error.field?.replace(/\.\d+$/, '');
}
