/**
 * The words lists of breached passwords are built around, in English and Spanish, folded (lower
 * case, no accents): a password whose letters are only one of these, possibly repeated, with
 * digits and symbols around it or standing for letters ("P@ssw0rd2024", "Verano2024!!",
 * "contraseña123") is among the first guesses of any attacker. Curated for this project.
 */
export const COMMON_PASSWORD_WORDS: ReadonlySet<string> = new Set([
  // the word "password" and its kin
  'password', 'passwort', 'passw', 'pass', 'passwd', 'pwd', 'contrasena', 'contrasenya', 'clave', 'claves', 'secreto',
  'secret', 'secreta', 'contrasenia', 'pasword', 'passwrd',
  // keyboard rows, columns and walks (letters only, as left once digits are dropped)
  'qwerty', 'qwertz', 'azerty', 'asdf', 'asdfgh', 'zxcvbn', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwer', 'qwerasdf',
  'qwerasdfzxcv', 'qweasd', 'qweasdzxc', 'qazwsx', 'qazwsxedc', 'qazwsxedcrfv', 'zaqwsx', 'zaqxsw', 'zaqwsxcde',
  'zaqxswcde', 'wsxedc', 'qawsed', 'qawsedrf', 'asdzxc', 'qwertyasdf', 'qwertyasdfgh', 'poiuyt', 'lkjhgf', 'mnbvcx',
  'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'abcabc', 'aaa', 'xxx', 'zzz', 'qqq',
  // roles, places and names of systems
  'admin', 'administrator', 'administrador', 'administradora', 'root', 'user', 'usuario', 'usuaria', 'superuser',
  'sysadmin', 'system', 'sistema', 'server', 'servidor', 'oracle', 'database', 'login', 'acceso', 'access', 'guest',
  'invitado', 'invitada', 'default', 'changeme', 'cambiame', 'cambiar', 'temporal', 'temp', 'test', 'testing',
  'prueba', 'pruebas', 'demo', 'tramita', 'expediente', 'expedientes', 'ayuntamiento', 'gobierno', 'oficina',
  'trabajo', 'empresa', 'intranet', 'correo', 'email', 'internet', 'computer', 'ordenador', 'windows', 'linux',
  // greetings and phrases
  'welcome', 'bienvenido', 'bienvenida', 'hola', 'holahola', 'hello', 'letmein', 'iloveyou', 'teamo', 'tequiero',
  'trustno', 'whatever', 'loveme', 'fuckyou', 'please', 'porfavor', 'nopassword', 'sinclave', 'mypassword',
  'micontrasena', 'miclave',
  // popular words
  'princess', 'princesa', 'dragon', 'monkey', 'mono', 'football', 'futbol', 'baseball', 'soccer', 'hockey',
  'basketball', 'master', 'shadow', 'sunshine', 'superman', 'batman', 'spiderman', 'starwars', 'pokemon', 'matrix',
  'mustang', 'ferrari', 'harley', 'freedom', 'libertad', 'liberty', 'money', 'dinero', 'love', 'amor', 'lover',
  'angel', 'angels', 'killer', 'hunter', 'ranger', 'tigger', 'tiger', 'pepper', 'ginger', 'cookie', 'chocolate',
  'cheese', 'summer', 'winter', 'spring', 'autumn', 'verano', 'invierno', 'primavera', 'otono', 'sol', 'luna',
  'estrella', 'casa', 'familia', 'family', 'mama', 'papa', 'mipapa', 'mimama', 'hijo', 'hija', 'perro', 'gato',
  'cat', 'dog', 'flower', 'flor', 'dios', 'god', 'jesus', 'cristo', 'heaven', 'cielo', 'music', 'musica',
  'guitar', 'guitarra', 'secretaria', 'corazon', 'mariposa', 'tesoro', 'carino', 'bonita', 'guapa', 'guapo',
  // months and days
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre',
  'octubre', 'noviembre', 'diciembre', 'monday', 'friday', 'sunday', 'lunes', 'viernes', 'domingo', 'sabado',
  // places and teams
  'espana', 'spain', 'madrid', 'barcelona', 'sevilla', 'valencia', 'bilbao', 'malaga', 'zaragoza', 'murcia',
  'granada', 'toledo', 'galicia', 'asturias', 'andalucia', 'canarias', 'catalunya', 'realmadrid', 'barca', 'betis',
  'atletico', 'athletic', 'london', 'paris', 'america', 'mexico', 'argentina', 'colombia', 'chelsea', 'liverpool',
  'arsenal', 'juventus', 'milan',
  // common first names
  'michael', 'jordan', 'jennifer', 'jessica', 'ashley', 'daniel', 'david', 'andrew', 'robert', 'thomas', 'charlie',
  'george', 'william', 'joshua', 'matthew', 'anthony', 'nicole', 'michelle', 'amanda', 'maria', 'jose', 'josemaria',
  'mariajose', 'antonio', 'manuel', 'francisco', 'juan', 'javier', 'carlos', 'miguel', 'alejandro', 'pablo',
  'sergio', 'jorge', 'alberto', 'fernando', 'luis', 'pedro', 'raul', 'carmen', 'ana', 'isabel', 'laura', 'cristina',
  'marta', 'lucia', 'elena', 'paula', 'sara', 'andrea', 'patricia', 'rosa', 'pilar', 'teresa', 'alicia', 'sofia',
  'martina', 'alba', 'julia', 'irene', 'nuria', 'silvia', 'beatriz', 'raquel', 'monica', 'natalia', 'rocio',
  'dolores', 'lola', 'pepe', 'paco', 'manolo', 'charly',
]);
