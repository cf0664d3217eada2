/** Snowball's Swedish stop-word list, stored folded (å/ä/ö → a/a/o) like every analysed term. */
export const SWEDISH_STOPWORDS = `och det att i en jag hon som han pa den med var sig for sa till ar men ett om hade de av icke
mig du henne da sin nu har inte hans honom skulle hennes dar min man ej vid kunde nagot fran ut nar
efter upp vi dem vara vad over an dig kan sina har ha mot alla under nagon eller allt mycket sedan ju
denna sjalv detta at utan varit hur ingen mitt ni bli blev oss din dessa nagra deras blir mina samma
vilken er sadan var blivit dess inom mellan sadant varfor varje vilka ditt vem vilket sitta sadana
vart dina vars vart vara ert era vilkas ska skall`.split(/\s+/);

/**
 * Words that frame a question rather than carry its topic ("vad säger planen om ...", "what does
 * the plan say about ..."). Dropped from queries only: in the plans themselves they are content.
 */
export const QUESTION_FRAME_WORDS = `saga sager sagt sta star stod fanns finnas egentligen tycka tycker tyckte anse anser skriva skriver skrev namna namns
namner handla handlar berattar beratta forklara finns gors gor gora planen planerna plan planer
verksamhetsplanen verksamhetsplan dokumentet dokument fraga fragan undrar vet veta kolla
manga forra gamla nuvarande senaste aktuella
the a an of to in on for and or is are was were be what which who whom how why when where does do
did say says said about plan plans plans' seko's seko please tell me you your there this that it its
with as by from at can could would should will`.split(/\s+/);
