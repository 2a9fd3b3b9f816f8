/** Real readings for the tests: the page's own reading rules over the package it loads. */
import { pinyin, polyphonic } from 'pinyin-pro';
import { readingsWith } from '../../../src/browser/search/readings.ts';

export const readingsOf = readingsWith({ pinyin, polyphonic });
