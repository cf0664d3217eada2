/** Questions the welcome offers; each is answered from the current plan (see tests/bot/teams). */
export const EXAMPLE_QUESTIONS = [
  'Vad säger planen om hyvling?',
  'Hur många ambassadörer har förbundet?',
  'Vilka mål har förbundet för studier?',
] as const;

/** Every fixed sentence the Teams bot says, in Swedish (the members' language). */
export const TEAMS_MESSAGES = {
  /** `mention` is how to address the bot in a group ("@Planboten"); none in a one-to-one chat. */
  welcome: (mention?: string) =>
    [
      'Hej! Jag är Planboten. Jag svarar på frågor om Sekos verksamhetsplaner och visar alltid var i planen svaret står, ordagrant citerat.',
      mention ? `Nämn mig med ${mention} och skriv din fråga, till exempel:` : 'Skriv din fråga, till exempel:',
      EXAMPLE_QUESTIONS.map((q) => `- ${q}`).join('\n'),
      'Skriv "hjälp" för att se vad jag kan, eller "källor" för att se vilka planer jag känner till.',
    ].join('\n\n'),
  help: (inGroup: boolean) =>
    [
      '**Det här kan jag**',
      [
        '- Svara på frågor om Sekos verksamhetsplaner, med citat ur planen och källa: plan, avsnitt och stycke.',
        '- Säga ifrån när något inte står i planerna, och föreslå närliggande ämnen.',
        '- Berätta när den tidigare planen sa något annat än den nuvarande.',
      ].join('\n'),
      inGroup ? 'Här i gruppen svarar jag bara när du nämner mig (@Planboten) i meddelandet.' : 'Skriv din fråga som du skulle ställa den till en kollega.',
      'Skriv "källor" för att se vilka planer jag söker i. Med tumme upp eller ner på ett svar hjälper du oss att förbättra boten; vi sparar bara antalet, inte vem som tyckte vad.',
      'Jag ger inga personliga råd om din anställning. Kontakta din klubb eller Seko för det.',
    ].join('\n\n'),
  sourcesIntro: 'Jag söker i de här planerna:',
  sourcesOutro: 'Svaren bygger i första hand på den gällande planen. Tidigare planer citeras med tydlig märkning.',
  status: { current: 'gällande', historical: 'tidigare' },
  emptyQuestion: 'Vad vill du veta? Skriv en fråga om Sekos verksamhetsplaner, eller "hjälp".',
  notReady: 'Planboten startar. Försök igen om en liten stund.',
  apology: 'Förlåt, något gick fel hos mig. Försök igen om en stund.',
  /** Teams' informative update while a hosted model writes the answer. */
  searching: 'Söker i planerna …',
  sourcesHeading: { sv: 'Källor', en: 'Sources' },
  paragraph: { sv: 'stycke', en: 'paragraph' },
} as const;
