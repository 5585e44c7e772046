// @nlpjs/lang-* ship CommonJS without types; only their Snowball stemmers are used here.
interface NlpjsStemmer { stemWord(word: string): string }
declare module '@nlpjs/lang-ru' { export class StemmerRu implements NlpjsStemmer { stemWord(word: string): string } }
declare module '@nlpjs/lang-uk' { export class StemmerUk implements NlpjsStemmer { stemWord(word: string): string } }
declare module '@nlpjs/lang-pl' { export class StemmerPl implements NlpjsStemmer { stemWord(word: string): string } }
declare module '@nlpjs/lang-cs' { export class StemmerCs implements NlpjsStemmer { stemWord(word: string): string } }
