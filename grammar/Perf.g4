// The `.perf` rule language, version 0 (docs/language-reference.md).
//
// Two rules of the language are not expressible in a context-free grammar and are applied by the
// syntax layer before the parser sees the tokens (compiler/syntax/token_filter.cpp):
//  - line continuation: NL tokens inside ( ) or [ ], after an operator or a comma, and repeated NLs are
//    dropped, so a property ends at the end of its line or at `;`;
//  - recovery: the token stream is cut into chunks at every declaration keyword in the first column,
//    and each chunk is parsed on its own with `declarationChunk`.
grammar Perf;

declarationChunk : sep? declaration sep? EOF ;

declaration
  : projectDecl | calendarDecl | channelDecl | sourceDecl | indicatorDecl | chainDecl
  | alertDecl | roleDecl | viewDecl | testDecl
  ;

sep   : (NL | SEMI)+ ;
label : STRING ;

// ---- project ---------------------------------------------------------------------------------------
projectDecl : PROJECT ident label? LBRACE sep? (projectProp (sep projectProp)* sep?)? RBRACE ;
projectProp
  : TIMEZONE STRING
  | CALENDAR ident
  | WEEK ident
  | unknownProp
  ;

// ---- calendar --------------------------------------------------------------------------------------
calendarDecl : CALENDAR ident label? LBRACE sep? (calendarProp (sep calendarProp)* sep?)? RBRACE ;
calendarProp
  : TIMEZONE STRING
  | HOURS dayRange timeRange (COMMA timeRange)*
  | HOLIDAYS dateRange (COMMA dateRange)*
  | WORKDAYS DATE (COMMA DATE)*
  | unknownProp
  ;
dayRange  : ident (MINUS ident)? ;
timeRange : TIME_OF_DAY MINUS TIME_OF_DAY ;
dateRange : DATE (DOTDOT DATE)? ;

// ---- channel ---------------------------------------------------------------------------------------
channelDecl : CHANNEL ident label? LBRACE sep? (channelProp (sep channelProp)* sep?)? RBRACE ;
channelProp
  : KIND ident
  | WEBHOOK textOrEnv
  | SECRET textOrEnv
  | unknownProp
  ;
textOrEnv : STRING | ident LPAREN STRING RPAREN ;

// ---- source ----------------------------------------------------------------------------------------
sourceDecl : SOURCE ident label? LBRACE sep? (sourceProp (sep sourceProp)* sep?)? RBRACE ;
sourceProp
  : columnDef
  | SYSTEM STRING
  | TIME ident
  | EVIDENCE ident
  | ACTOR ident
  | unknownProp
  ;
columnDef  : ident COLON columnType unitName=ident? REQUIRED? ;
columnType : ident (LPAREN ident (COMMA ident)* RPAREN)? ;

// ---- indicator -------------------------------------------------------------------------------------
indicatorDecl : INDICATOR ident label? LBRACE sep? (indicatorProp (sep indicatorProp)* sep?)? RBRACE ;
indicatorProp
  : FROM ident
  | WHERE expr
  | VALUE expr
  | BY byItem (COMMA byItem)*
  | EVERY ident
  | UNIT ident
  | TARGET compOp expr
  | OWNER ident
  | EVIDENCE AT LEAST NUMBER
  | SAMPLE AT LEAST NUMBER
  | VISIBLE TO identList
  | APPEAL WINDOW expr
  | unknownProp
  ;
byItem : ident (IN ident)? ;

// ---- chain -----------------------------------------------------------------------------------------
chainDecl : CHAIN ident label? LBRACE sep? (chainProp (sep chainProp)* sep?)? RBRACE ;
chainProp
  : FROM ident
  | CASE ident
  | STEP ident
  | CALENDAR ident
  | nodeDecl
  | bandsBlock
  | unknownProp
  ;
nodeDecl : NODE ident label? (LBRACE sep? (nodeProp (sep nodeProp)* sep?)? RBRACE)? ;
nodeProp
  : OWNER ident
  | WITHIN expr
  | CHARGE ident
  | WHEN expr
  | bandsBlock
  | unknownProp
  ;
bandsBlock : BANDS LBRACE sep? (band (sep band)* sep?)? RBRACE ;
band       : ident compOp expr ;

// ---- alert -----------------------------------------------------------------------------------------
alertDecl : ALERT ident label? LBRACE sep? (alertProp (sep alertProp)* sep?)? RBRACE ;
alertProp
  : FROM ident
  | WHEN expr (FOR NUMBER CONSECUTIVE ident)?
  | SEVERITY ident
  | NOTIFY identList
  | MESSAGE STRING
  | taskDecl
  | REPORT ident
  | unknownProp
  ;
taskDecl : TASK ident label? LBRACE sep? (taskProp (sep taskProp)* sep?)? RBRACE ;
taskProp
  : ASSIGN ident
  | DUE expr
  | ATTACH ident MATCH identList (DURING ident | WINDOW expr)?
  | unknownProp
  ;

// ---- role and view ---------------------------------------------------------------------------------
roleDecl : ROLE ident label? LBRACE sep? (roleProp (sep roleProp)* sep?)? RBRACE ;
roleProp
  : FROM ident
  | WHERE expr
  | SCOPE ident
  | unknownProp
  ;
viewDecl : VIEW ident label? LBRACE sep? (viewProp (sep viewProp)* sep?)? RBRACE ;
viewProp
  : FOR ident
  | SHOW identList
  | ALERTS identList
  | unknownProp
  ;

// ---- test ------------------------------------------------------------------------------------------
testDecl : TEST (STRING | ident label?) LBRACE sep? (testProp (sep testProp)* sep?)? RBRACE ;
testProp
  : AS_OF (TIMESTAMP | DATE)
  | GIVEN ident (TEXT_BLOCK | FROM STRING)
  | EXPECT expectation
  | unknownProp
  ;
expectation
  : NO ALERT ident entityKeys?
  | ALERT ident entityKeys?
  | STEP ident entityKeys ident compOp expr
  | ident entityKeys? compOp expr
  ;
entityKeys : LBRACE (keyValue (COMMA keyValue)* COMMA?)? RBRACE ;
keyValue   : ident COLON expr ;

// A property whose word this declaration does not know, or whose value has the wrong shape: the syntax
// layer reports it by name (with a "did you mean" note) instead of a bare parse error.
unknownProp : ident (~(NL | SEMI | LBRACE | RBRACE))* (LBRACE (~RBRACE)* RBRACE)? ;

identList : ident (COMMA ident)* ;

// ---- expressions (lowest to highest precedence) ----------------------------------------------------
expr       : orExpr ;
orExpr     : andExpr (OR andExpr)* ;
andExpr    : notExpr (AND notExpr)* ;
notExpr    : NOT notExpr | comparison ;
comparison
  : additive ( compOp additive
             | NOT? IN additive
             | IS NOT? NULL_LIT
             | DEVIATES additive FROM additive
             | MISSES TARGET
             )?
  ;
compOp         : EQ | NE | LT | LE | GT | GE ;
additive       : multiplicative ((PLUS | MINUS) multiplicative)* ;
multiplicative : unary ((STAR | SLASH) unary)* ;
unary          : MINUS unary | primary ;
primary
  : literal
  | NUMBER ident                          // a period span: `3 months`
  | call
  | exprName
  | LPAREN expr RPAREN
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK
  ;
call     : exprName LPAREN callArgs? RPAREN ;
// the filter may follow the first argument or close the list: sum(x where p), percentile(x, 0.9 where p)
callArgs : WHERE expr | expr (WHERE expr)? (COMMA expr)* (WHERE expr)? ;
literal  : NUMBER | PERCENT | QUANTITY | STRING | DATE | TIMESTAMP | TIME_OF_DAY | TRUE_LIT | FALSE_LIT | NULL_LIT ;

// Names. Declaration and property words are keywords only where they start a declaration or a
// property, so they are valid names everywhere else; the expression words are reserved (use backticks).
exprName : ID | BACKTICK_ID | softKeyword ;
ident    : ID | BACKTICK_ID | softKeyword ;
softKeyword
  : PROJECT | SOURCE | INDICATOR | CHAIN | ALERT | VIEW | ROLE | CALENDAR | CHANNEL | TEST
  | TIMEZONE | WEEK | HOURS | HOLIDAYS | WORKDAYS | KIND | WEBHOOK | SECRET | SYSTEM | TIME
  | EVIDENCE | ACTOR | VALUE | BY | EVERY | UNIT | TARGET | OWNER | SAMPLE | AT | LEAST | VISIBLE
  | TO | APPEAL | WINDOW | CASE | STEP | NODE | WITHIN | CHARGE | WHEN | BANDS | SEVERITY | NOTIFY
  | MESSAGE | TASK | ASSIGN | DUE | ATTACH | MATCH | DURING | REPORT | SCOPE | SHOW | ALERTS
  | AS_OF | GIVEN | EXPECT | NO | MISSES
  ;

// ---- lexer -----------------------------------------------------------------------------------------
PROJECT   : 'project' ;
SOURCE    : 'source' ;
INDICATOR : 'indicator' ;
CHAIN     : 'chain' ;
ALERT     : 'alert' ;
VIEW      : 'view' ;
ROLE      : 'role' ;
CALENDAR  : 'calendar' ;
CHANNEL   : 'channel' ;
TEST      : 'test' ;

TIMEZONE  : 'timezone' ;
WEEK      : 'week' ;
HOURS     : 'hours' ;
HOLIDAYS  : 'holidays' ;
WORKDAYS  : 'workdays' ;
KIND      : 'kind' ;
WEBHOOK   : 'webhook' ;
SECRET    : 'secret' ;
SYSTEM    : 'system' ;
TIME      : 'time' ;
EVIDENCE  : 'evidence' ;
ACTOR     : 'actor' ;
REQUIRED  : 'required' ;
VALUE     : 'value' ;
BY        : 'by' ;
EVERY     : 'every' ;
UNIT      : 'unit' ;
TARGET    : 'target' ;
OWNER     : 'owner' ;
SAMPLE    : 'sample' ;
AT        : 'at' ;
LEAST     : 'least' ;
VISIBLE   : 'visible' ;
TO        : 'to' ;
APPEAL    : 'appeal' ;
WINDOW    : 'window' ;
CASE      : 'case' ;
STEP      : 'step' ;
NODE      : 'node' ;
WITHIN    : 'within' ;
CHARGE    : 'charge' ;
WHEN      : 'when' ;
BANDS     : 'bands' ;
SEVERITY  : 'severity' ;
NOTIFY    : 'notify' ;
MESSAGE   : 'message' ;
TASK      : 'task' ;
ASSIGN    : 'assign' ;
DUE       : 'due' ;
ATTACH    : 'attach' ;
MATCH     : 'match' ;
DURING    : 'during' ;
REPORT    : 'report' ;
SCOPE     : 'scope' ;
SHOW      : 'show' ;
ALERTS    : 'alerts' ;
AS_OF     : 'as_of' ;
GIVEN     : 'given' ;
EXPECT    : 'expect' ;
NO        : 'no' ;
MISSES    : 'misses' ;

// reserved inside expressions
AND         : 'and' ;
OR          : 'or' ;
NOT         : 'not' ;
IN          : 'in' ;
IS          : 'is' ;
NULL_LIT        : 'null' ;
TRUE_LIT        : 'true' ;
FALSE_LIT       : 'false' ;
WHERE       : 'where' ;
FROM        : 'from' ;
DEVIATES    : 'deviates' ;
FOR         : 'for' ;
CONSECUTIVE : 'consecutive' ;

TEXT_BLOCK  : '"""' .*? '"""' ;
STRING      : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;
UNTERMINATED_STRING : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* ;
TIMESTAMP   : DIGIT4 '-' DIGIT2 '-' DIGIT2 'T' DIGIT2 ':' DIGIT2 (':' DIGIT2 ('.' [0-9]+)?)?
              ( 'Z' | [+-] DIGIT2 ':' DIGIT2 )? ;
DATE        : DIGIT4 '-' DIGIT2 '-' DIGIT2 ;
TIME_OF_DAY : DIGIT2 ':' DIGIT2 ;
// a number directly followed by letters is one quantity token (`90s`, `1h30m`, `2min` = an error later)
QUANTITY    : [0-9]+ ('.' [0-9]+)? [a-zA-Z]+ ([0-9]+ ('.' [0-9]+)? [a-zA-Z]+)* ;
PERCENT     : [0-9]+ ('.' [0-9]+)? '%' ;
NUMBER      : [0-9]+ ('.' [0-9]+)? ;

ID          : [\p{L}_] [\p{L}\p{M}\p{N}_]* ;
BACKTICK_ID : '`' ~[`\r\n]+ '`' ;

EQ : '==' ; NE : '!=' ; LE : '<=' ; GE : '>=' ; LT : '<' ; GT : '>' ;
PLUS : '+' ; MINUS : '-' ; STAR : '*' ; SLASH : '/' ;
LPAREN : '(' ; RPAREN : ')' ; LBRACK : '[' ; RBRACK : ']' ; LBRACE : '{' ; RBRACE : '}' ;
COMMA : ',' ; COLON : ':' ; SEMI : ';' ; DOTDOT : '..' ;

DOC_COMMENT  : '///' ~[\r\n]* -> channel(2) ;
LINE_COMMENT : '//' ~[\r\n]* -> channel(2) ;
NL           : '\r'? '\n' ;
WS           : [ \t\f\u00A0\u3000]+ -> skip ;
// anything else becomes a token the parser rejects with a located diagnostic, so the lexer never fails
BAD_CHAR     : . ;

fragment DIGIT2 : [0-9] [0-9] ;
fragment DIGIT4 : [0-9] [0-9] [0-9] [0-9] ;
