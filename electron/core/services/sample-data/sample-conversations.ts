/**
 * The sample data (issue 25): four jobs (one archived), ten candidates and their mail, in
 * German and English. Every address is on a reserved `.example` domain (RFC 2606) except
 * the internal applicant's, which is in the workspace's own domain (R5 needs it there).
 * Dates are days before the load, so the inbox looks current.
 */
import type { Stage } from '../../../../shared/model.js';

export interface SampleJob {
  key: string;
  title: string;
  /** Archived after the mail is imported (R7: its candidates stop syncing, their mail stays). */
  archived?: boolean;
}

export interface SampleCandidate {
  key: string;
  name: string;
  /** Local part and domain; `internal` candidates take the workspace's first domain. */
  address: string;
  internal?: boolean;
  applications: { job: string; stage: Stage }[];
}

/** `owner` is the workspace owner (their work address); otherwise a candidate key or a plain address. */
export type SampleParty = 'owner' | { candidate: string } | { name: string; address: string };

export interface SampleMessage {
  from: SampleParty;
  to: SampleParty;
  /** Days (fractions allowed) before the load. */
  daysAgo: number;
  subject: string;
  text: string;
  /** A small file attached to the mail. */
  attachment?: { fileName: string; kind: 'pdf' | 'text' };
  /** Written in Hirebox (R5 "hirebox-thread"): stored as the outbox stores sent mail. */
  writtenInHirebox?: boolean;
  /** Forwards the message at this index of the thread before (quoted with a forwarded-header block). */
  forwards?: number;
}

export interface SampleThread {
  /** Each message answers the one before it, unless it is a forward. */
  messages: SampleMessage[];
}

export const sampleJobs: SampleJob[] = [
  { key: 'backend', title: 'Senior Backend Engineer (m/w/d)' },
  { key: 'designer', title: 'Product Designer' },
  { key: 'marketing', title: 'Werkstudent Marketing (m/w/d)' },
  { key: 'office', title: 'Office Manager (m/w/d)', archived: true },
];

export const sampleCandidates: SampleCandidate[] = [
  { key: 'lena', name: 'Lena Hoffmann', address: 'lena.hoffmann@posteo.example', applications: [{ job: 'backend', stage: 'interview' }] },
  { key: 'james', name: 'James Okafor', address: 'james.okafor@mail.example', applications: [{ job: 'backend', stage: 'screening' }] },
  { key: 'sofia', name: 'Sofia Marques', address: 'sofia.marques@inbox.example', applications: [{ job: 'designer', stage: 'offer' }] },
  { key: 'mehmet', name: 'Mehmet Yılmaz', address: 'mehmet.yilmaz@web.example', applications: [{ job: 'designer', stage: 'applied' }] },
  { key: 'clara', name: 'Clara Becker', address: 'clara.becker@gmx.example', applications: [{ job: 'marketing', stage: 'screening' }] },
  { key: 'tobias', name: 'Tobias Brandt', address: 'tobias.brandt', internal: true, applications: [{ job: 'backend', stage: 'applied' }] },
  { key: 'anna', name: 'Anna Schmidt', address: 'anna.schmidt@t-online.example', applications: [{ job: 'office', stage: 'hired' }] },
  { key: 'priya', name: 'Priya Nair', address: 'priya.nair@proton.example', applications: [{ job: 'designer', stage: 'rejected' }] },
  { key: 'felix', name: 'Felix Wagner', address: 'felix.wagner@freenet.example', applications: [{ job: 'marketing', stage: 'applied' }] },
  { key: 'emma', name: 'Emma Thompson', address: 'emma.thompson@outlook.example', applications: [{ job: 'backend', stage: 'interview' }] },
];

const lena = { candidate: 'lena' };
const james = { candidate: 'james' };
const sofia = { candidate: 'sofia' };
const mehmet = { candidate: 'mehmet' };
const clara = { candidate: 'clara' };
const tobias = { candidate: 'tobias' };
const anna = { candidate: 'anna' };
const priya = { candidate: 'priya' };
const felix = { candidate: 'felix' };
const emma = { candidate: 'emma' };
const interviewer = { name: 'Jonas Keller', address: 'jonas.keller@techberatung.example' };

export const sampleThreads: SampleThread[] = [
  {
    messages: [
      {
        from: lena,
        to: 'owner',
        daysAgo: 12.3,
        subject: 'Bewerbung als Senior Backend Engineer',
        text: 'Guten Tag,\n\nmit großem Interesse habe ich Ihre Ausschreibung gelesen. Ich arbeite seit sechs Jahren mit TypeScript und Go, zuletzt an einer Zahlungsplattform mit 2 Mio. Nutzern.\n\nMeinen Lebenslauf finden Sie im Anhang.\n\nViele Grüße\nLena Hoffmann',
        attachment: { fileName: 'Lebenslauf_Lena_Hoffmann.pdf', kind: 'pdf' },
      },
      {
        from: 'owner',
        to: lena,
        daysAgo: 11.1,
        subject: 'Re: Bewerbung als Senior Backend Engineer',
        text: 'Hallo Frau Hoffmann,\n\nvielen Dank für Ihre Bewerbung! Ihr Profil passt sehr gut. Hätten Sie nächste Woche Zeit für ein erstes Gespräch (45 Minuten, per Video)?\n\nBeste Grüße',
      },
      {
        from: lena,
        to: 'owner',
        daysAgo: 10.8,
        subject: 'Re: Bewerbung als Senior Backend Engineer',
        text: 'Hallo,\n\ngerne! Dienstag oder Mittwoch ab 14 Uhr passt mir gut.\n\nViele Grüße\nLena Hoffmann',
      },
      {
        from: 'owner',
        to: lena,
        daysAgo: 10.2,
        subject: 'Re: Bewerbung als Senior Backend Engineer',
        text: 'Perfekt, dann Mittwoch um 14:00 Uhr. Den Link zum Videocall schicke ich Ihnen am Vortag.\n\nBis dahin!',
      },
    ],
  },
  {
    messages: [
      {
        from: 'owner',
        to: interviewer,
        daysAgo: 11,
        subject: 'WG: Bewerbung als Senior Backend Engineer',
        text: 'Hallo Jonas,\n\nanbei eine sehr spannende Bewerbung für die Backend-Stelle. Kannst du dir den Lebenslauf bis Freitag ansehen und beim Gespräch am Mittwoch dabei sein?\n\nDanke!',
        forwards: 0,
      },
    ],
  },
  {
    messages: [
      {
        from: james,
        to: 'owner',
        daysAgo: 9.4,
        subject: 'Application: Senior Backend Engineer',
        text: 'Hello,\n\nI would like to apply for the Senior Backend Engineer role. I am currently a platform engineer in Dublin and plan to relocate to Germany this spring.\n\nBest regards,\nJames Okafor',
      },
      {
        from: 'owner',
        to: james,
        daysAgo: 8.6,
        subject: 'Re: Application: Senior Backend Engineer',
        text: 'Hi James,\n\nthanks for reaching out! Two quick questions before we talk: when could you start, and do you need visa sponsorship?\n\nKind regards',
      },
      {
        from: james,
        to: 'owner',
        daysAgo: 8.1,
        subject: 'Re: Application: Senior Backend Engineer',
        text: 'Hi,\n\nI could start on 1 April. As an Irish citizen I do not need a visa.\n\nThanks,\nJames',
      },
    ],
  },
  {
    messages: [
      {
        from: sofia,
        to: 'owner',
        daysAgo: 20.5,
        subject: 'Product Designer – portfolio',
        text: 'Hi there,\n\nplease find my application for the Product Designer position. My portfolio is at sofia-marques.example/work — the case study on the booking flow is probably the most relevant.\n\nCheers,\nSofia',
      },
      {
        from: 'owner',
        to: sofia,
        daysAgo: 19.2,
        subject: 'Re: Product Designer – portfolio',
        text: 'Hi Sofia,\n\nwe loved the booking flow case study. Would you like to present it to the team next Thursday?\n\nBest',
      },
      {
        from: sofia,
        to: 'owner',
        daysAgo: 18.9,
        subject: 'Re: Product Designer – portfolio',
        text: 'Absolutely, Thursday works. Looking forward to it!\n\nSofia',
      },
      {
        from: 'owner',
        to: sofia,
        daysAgo: 3.2,
        subject: 'Your offer – Product Designer',
        text: 'Hi Sofia,\n\nthank you again for the great presentation. We are happy to offer you the Product Designer position! The written offer is attached; let us know if you have any questions.\n\nWarm regards',
        attachment: { fileName: 'Offer_Sofia_Marques.pdf', kind: 'pdf' },
      },
      {
        from: sofia,
        to: 'owner',
        daysAgo: 1.4,
        subject: 'Re: Your offer – Product Designer',
        text: 'Thank you so much! I have one question about the start date — could we talk tomorrow?\n\nSofia',
      },
    ],
  },
  {
    messages: [
      {
        from: mehmet,
        to: 'owner',
        daysAgo: 0.3,
        subject: 'Bewerbung Product Designer',
        text: 'Sehr geehrte Damen und Herren,\n\nhiermit bewerbe ich mich als Product Designer. Ich habe Kommunikationsdesign in Potsdam studiert und arbeite seit drei Jahren in einer Agentur.\n\nMit freundlichen Grüßen\nMehmet Yılmaz',
      },
    ],
  },
  {
    messages: [
      {
        from: clara,
        to: 'owner',
        daysAgo: 6.5,
        subject: 'Bewerbung Werkstudentin Marketing',
        text: 'Hallo,\n\nich studiere BWL im 4. Semester und betreue seit einem Jahr den Instagram-Kanal unseres Hochschulsports. Ich würde mich sehr über die Stelle freuen.\n\nLiebe Grüße\nClara Becker',
      },
      {
        from: 'owner',
        to: clara,
        daysAgo: 5.7,
        subject: 'Re: Bewerbung Werkstudentin Marketing',
        text: 'Hallo Clara,\n\ndanke für deine Bewerbung! Wie viele Stunden pro Woche könntest du im Semester arbeiten?\n\nViele Grüße',
      },
      {
        from: clara,
        to: 'owner',
        daysAgo: 5.2,
        subject: 'Re: Bewerbung Werkstudentin Marketing',
        text: 'Hallo,\n\nim Semester 16 Stunden, in den Ferien gerne mehr.\n\nLiebe Grüße\nClara',
      },
    ],
  },
  {
    messages: [
      {
        from: 'owner',
        to: tobias,
        daysAgo: 4.4,
        subject: 'Deine interne Bewerbung: Senior Backend Engineer',
        text: 'Hallo Tobias,\n\nschön, dass du dich intern auf die Backend-Stelle bewirbst! Lass uns nächste Woche kurz sprechen, wie ein Wechsel aus dem Support-Team aussehen könnte.\n\nViele Grüße',
        writtenInHirebox: true,
      },
      {
        from: tobias,
        to: 'owner',
        daysAgo: 4.1,
        subject: 'Re: Deine interne Bewerbung: Senior Backend Engineer',
        text: 'Hallo,\n\ndanke! Montag nach dem Team-Meeting passt mir gut. Meine Führungskraft weiß Bescheid.\n\nTobias',
      },
    ],
  },
  {
    messages: [
      {
        from: anna,
        to: 'owner',
        daysAgo: 40,
        subject: 'Bewerbung als Office Managerin',
        text: 'Sehr geehrte Damen und Herren,\n\nanbei sende ich Ihnen meine Bewerbung als Office Managerin. Ich bringe acht Jahre Erfahrung in der Büroorganisation mit.\n\nMit freundlichen Grüßen\nAnna Schmidt',
      },
      {
        from: 'owner',
        to: anna,
        daysAgo: 33,
        subject: 'Re: Bewerbung als Office Managerin',
        text: 'Liebe Frau Schmidt,\n\nwir freuen uns sehr, Ihnen die Stelle anbieten zu können! Der Vertrag kommt diese Woche per Post.\n\nHerzliche Grüße',
      },
      {
        from: anna,
        to: 'owner',
        daysAgo: 32.5,
        subject: 'Re: Bewerbung als Office Managerin',
        text: 'Vielen Dank, ich freue mich sehr auf den Start am 1. des Monats!\n\nAnna Schmidt',
      },
    ],
  },
  {
    messages: [
      {
        from: priya,
        to: 'owner',
        daysAgo: 15.3,
        subject: 'Application – Product Designer',
        text: 'Hello,\n\nI am a UX designer with a background in research and would love to join your team.\n\nKind regards,\nPriya Nair',
      },
      {
        from: 'owner',
        to: priya,
        daysAgo: 7.8,
        subject: 'Re: Application – Product Designer',
        text: 'Dear Priya,\n\nthank you for your interest and the time you took. We have decided to move forward with another candidate whose experience matches the role more closely. We will keep your details for future openings.\n\nBest wishes',
      },
      {
        from: priya,
        to: 'owner',
        daysAgo: 7.5,
        subject: 'Re: Application – Product Designer',
        text: 'Thank you for letting me know, and good luck with the new designer!\n\nPriya',
      },
    ],
  },
  {
    messages: [
      {
        from: felix,
        to: 'owner',
        daysAgo: 2.6,
        subject: 'Bewerbung: Werkstudent Marketing',
        text: 'Hallo zusammen,\n\nanbei meine Unterlagen für die Werkstudentenstelle im Marketing. Ich studiere Medienwissenschaften und habe bereits Kampagnen für einen Sportverein gebaut.\n\nBeste Grüße\nFelix Wagner',
        attachment: { fileName: 'Felix_Wagner_Unterlagen.pdf', kind: 'pdf' },
      },
      {
        from: 'owner',
        to: felix,
        daysAgo: 2.2,
        subject: 'Re: Bewerbung: Werkstudent Marketing',
        text: 'Hallo Felix,\n\nvielen Dank, deine Unterlagen sind angekommen. Wir melden uns bis Ende nächster Woche bei dir.\n\nViele Grüße',
      },
    ],
  },
  {
    messages: [
      {
        from: emma,
        to: 'owner',
        daysAgo: 8.9,
        subject: 'Senior Backend Engineer – application',
        text: 'Hi,\n\nI am applying for the Senior Backend Engineer opening. I have led the migration of a monolith to event-driven services at a logistics company.\n\nBest,\nEmma Thompson',
      },
      {
        from: 'owner',
        to: emma,
        daysAgo: 7.9,
        subject: 'Re: Senior Backend Engineer – application',
        text: 'Hi Emma,\n\ngreat background! Could you do a technical interview with our tech lead next Monday at 10:00?\n\nBest regards',
      },
      {
        from: emma,
        to: 'owner',
        daysAgo: 7.6,
        subject: 'Re: Senior Backend Engineer – application',
        text: 'Monday at 10:00 works for me. Should I prepare anything?\n\nEmma',
      },
      {
        from: 'owner',
        to: emma,
        daysAgo: 7.2,
        subject: 'Re: Senior Backend Engineer – application',
        text: 'Nothing to prepare — we will talk through a system you built. See you Monday!',
      },
    ],
  },
  {
    messages: [
      {
        from: 'owner',
        to: emma,
        daysAgo: 1.9,
        subject: 'Coding challenge',
        text: 'Hi Emma,\n\nas discussed, here is the short take-home exercise. There is no deadline pressure; most people need about two hours.\n\nBest regards',
        attachment: { fileName: 'challenge.txt', kind: 'text' },
      },
      {
        from: emma,
        to: 'owner',
        daysAgo: 0.6,
        subject: 'Re: Coding challenge',
        text: 'Hi,\n\nhere is my solution — the README explains the trade-offs I made.\n\nEmma',
      },
    ],
  },
];
