// Greetings, thanks and "what can you do": a short friendly answer, not "I don't understand".
import type { SmallTalk } from './command.js';

const HELLO = /^(?:hi|hello|hey|heya|hiya|howdy|yo|kia ora|morena|mōrena|tēnā koe|tena koe|tēnā koutou|tena koutou|g'?day|good (?:morning|afternoon|evening|day)|greetings)(?:\s+(?:there|team|all|everyone|bot|tsoc|koutou))?$/i;
const THANKS = /^(?:thanks|thank you|thankyou|thx|ty|ta|cheers|nice one|great|awesome|perfect|brilliant|sweet|ngā mihi|nga mihi|much appreciated|appreciate it|kia ora rawa atu|good bot)(?:\s+(?:very much|so much|heaps|a lot|mate|bot|tsoc|again|for that|for the help))*$/i;
const CAPABILITIES = /^(?:what\s+(?:can|do)\s+(?:you|u)\s+do|what\s+(?:are|r)\s+(?:you|u)(?:\s+for)?|who\s+are\s+(?:you|u)|what\s+is\s+this(?:\s+bot)?|how\s+do\s+(?:i|you)\s+use\s+(?:this|you|it|the\s+bot)|how\s+does\s+(?:this|it)\s+work|what\s+(?:can|should|do)\s+i\s+(?:ask|type|say)(?:\s+you)?|getting\s+started|get\s+started|what\s+do\s+you\s+know(?:\s+about)?|what\s+can\s+you\s+help\s+(?:me\s+)?with)$/i;

export function readSmallTalk(text: string): SmallTalk | undefined {
  const t = text.replace(/[\s!.?,]+$/, '').replace(/\s+/g, ' ');
  if (HELLO.test(t)) return 'hello';
  if (THANKS.test(t)) return 'thanks';
  if (CAPABILITIES.test(t)) return 'capabilities';
  return undefined;
}
