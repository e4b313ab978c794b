import { describe, expect, it } from 'vitest';
import { ActorImportError, formatOf, parseActorList } from './import.ts';

describe('parseActorList', () => {
  it('reads CSV with a header, an empty municipality code meaning none', () => {
    const list = parseActorList(
      '\uFEFFid,name,category,municipalityCode\nvaxholms-kommun,Vaxholms kommun,kommun,0187\nsos-alarm,SOS Alarm,blaljus,\n',
      'csv',
    );
    expect(list).toEqual([
      { id: 'vaxholms-kommun', name: 'Vaxholms kommun', category: 'kommun', municipalityCode: '0187' },
      { id: 'sos-alarm', name: 'SOS Alarm', category: 'blaljus' },
    ]);
  });

  it('reads JSON', () => {
    expect(parseActorList('[{"id":"a","name":"A","category":"trafik"}]', 'json')).toEqual([
      { id: 'a', name: 'A', category: 'trafik' },
    ]);
  });

  it('names the row and the field of every error, and imports nothing', () => {
    const run = () =>
      parseActorList('id,name,category,municipalityCode\nOK-not-slug,A,kommun,12\nb,B,sjukhus,\nb,,trafik,\n', 'csv');
    expect(run).toThrow(ActorImportError);
    expect(run).toThrow(/row 1: id/);
    expect(run).toThrow(/row 1: municipalityCode/);
    expect(run).toThrow(/row 2: category/);
    expect(run).toThrow(/row 3: name/);
  });

  it('refuses duplicates, empty lists and malformed files', () => {
    expect(() =>
      parseActorList('[{"id":"a","name":"A","category":"trafik"},{"id":"a","name":"B","category":"trafik"}]', 'json'),
    ).toThrow(/more than once/);
    expect(() => parseActorList('[]', 'json')).toThrow(/empty/);
    expect(() => parseActorList('{"id":', 'json')).toThrow(/not valid JSON/);
    expect(() => parseActorList('{"id":"a"}', 'json')).toThrow(/list/);
  });

  it('tells the format by the file name', () => {
    expect(formatOf('aktorer.JSON')).toBe('json');
    expect(formatOf('aktorer.csv')).toBe('csv');
  });
});
