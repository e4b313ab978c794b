import type { Actor } from '@samverkan/contracts';

/** The 37 SSR actors (DOMAIN.md): eleven regional and state actors, 26 municipalities. */
const regional: Actor[] = [
  { id: 'lansstyrelsen-stockholm', name: 'Länsstyrelsen i Stockholms län', category: 'stat_region' },
  { id: 'region-stockholm', name: 'Region Stockholm', category: 'stat_region' },
  { id: 'polisregion-stockholm', name: 'Polisregion Stockholm', category: 'blaljus' },
  { id: 'sos-alarm', name: 'SOS Alarm', category: 'blaljus' },
  { id: 'trafikverket', name: 'Trafikverket', category: 'trafik' },
  { id: 'forsvarsmakten-mrm', name: 'Försvarsmakten (Militärregion Mitt)', category: 'stat_region' },
  { id: 'kustbevakningen', name: 'Kustbevakningen', category: 'stat_region' },
  { id: 'stockholms-hamnar', name: 'Stockholms Hamnar', category: 'trafik' },
  { id: 'storstockholms-brandforsvar', name: 'Storstockholms brandförsvar', category: 'blaljus' },
  { id: 'sodertorns-brandforsvarsforbund', name: 'Södertörns brandförsvarsförbund', category: 'blaljus' },
  { id: 'brandkaren-attunda', name: 'Brandkåren Attunda', category: 'blaljus' },
];

const municipalities: Array<[code: string, slug: string, name: string]> = [
  ['0114', 'upplands-vasby', 'Upplands Väsby'],
  ['0115', 'vallentuna', 'Vallentuna'],
  ['0117', 'osteraker', 'Österåker'],
  ['0120', 'varmdo', 'Värmdö'],
  ['0123', 'jarfalla', 'Järfälla'],
  ['0125', 'ekero', 'Ekerö'],
  ['0126', 'huddinge', 'Huddinge'],
  ['0127', 'botkyrka', 'Botkyrka'],
  ['0128', 'salem', 'Salem'],
  ['0136', 'haninge', 'Haninge'],
  ['0138', 'tyreso', 'Tyresö'],
  ['0139', 'upplands-bro', 'Upplands-Bro'],
  ['0140', 'nykvarn', 'Nykvarn'],
  ['0160', 'taby', 'Täby'],
  ['0162', 'danderyd', 'Danderyd'],
  ['0163', 'sollentuna', 'Sollentuna'],
  ['0180', 'stockholm', 'Stockholm'],
  ['0181', 'sodertalje', 'Södertälje'],
  ['0182', 'nacka', 'Nacka'],
  ['0183', 'sundbyberg', 'Sundbyberg'],
  ['0184', 'solna', 'Solna'],
  ['0186', 'lidingo', 'Lidingö'],
  ['0187', 'vaxholm', 'Vaxholm'],
  ['0188', 'norrtalje', 'Norrtälje'],
  ['0191', 'sigtuna', 'Sigtuna'],
  ['0192', 'nynashamn', 'Nynäshamn'],
];

/** Stockholm's actor is the city (Stockholms stad); the others are "<name> kommun" or "-s kommun". */
function municipalityActor([code, slug, name]: (typeof municipalities)[number]): Actor {
  if (code === '0180')
    return { id: 'stockholms-stad', name: 'Stockholms stad', category: 'kommun', municipalityCode: code };
  return { id: `${slug}-kommun`, name: `${name} kommun`, category: 'kommun', municipalityCode: code };
}

export const seedActors: readonly Actor[] = [...regional, ...municipalities.map(municipalityActor)];
