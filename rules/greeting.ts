import type { PriorityCategory } from './rubric';

/** What a lead's first contact offers (002, Prospect Qualification: "greet our leads, and send them our standard
 * hosting/support quote"). */
export type GreetingKind = 'hosting-quote' | 'pt-plan';

/**
 * Every lead is greeted with the standard hosting/support quote; a lead the rubric scores Low is pointed to the
 * P&T plan instead (002's Ms. Brown: "directing her to our P&T plan would be our best bet ... can be set up
 * without team intervention"). Before it is scored, a lead gets the quote.
 */
export function greetingKindFor(category: PriorityCategory | undefined): GreetingKind {
  return category === 'Low' ? 'pt-plan' : 'hosting-quote';
}
