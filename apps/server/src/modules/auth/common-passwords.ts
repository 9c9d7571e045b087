/**
 * Passwords too common to allow, compared case-insensitively. Drawn from published leak
 * frequency lists (including the Chinese ones: pinyin, keyboard walks, dates).
 */
export const commonPasswords = new Set(
  `123456 123456789 12345678 password qwerty123 qwerty 1qaz2wsx 1q2w3e4r 1q2w3e4r5t 111111 123123 abc123 abc12345
  password1 password123 passw0rd p@ssw0rd p@ssword p@ssw0rd1 p@ssw0rd123 admin admin123 admin@123 admin1234 admin888
  root root123 root@123 test123 test@123 welcome welcome1 welcome123 letmein iloveyou iloveyou1 monkey dragon
  sunshine princess football baseball master shadow superman batman trustno1 qazwsx qazwsx123 zaq12wsx zxcvbnm
  zxcvbnm123 asdfghjkl asdf1234 qwer1234 qwerasdf 1234qwer a1234567 a12345678 aa123456 aa12345678 aA123456 Aa123456
  Aa123456789 Aa12345678 Aa123123 Abc123456 Abc12345 abc@123 abc@1234 Abcd1234 abcd1234 abcd@1234 Abcd@1234
  Abcd@123 Qwer1234 Qwer@1234 Qwert12345 Qq123456 qq123456 qq123456789 Admin@123 Admin@1234 Admin123 Admin12345
  P@ssw0rd P@ssword1 P@ssw0rd123 Password1 Password123 Password@123 Passw0rd! Welcome1 Welcome123 Welcome@123
  woaini woaini1314 woaini520 wo123456 5201314 520520 1314520 woaiwojia woshishui iloveyou520 caonima
  zhang123 wang123456 li123456 zhangwei wangwei liuyang huang123 chen123456 zhongguo china123 china@123
  beijing shanghai tianjin guangzhou shenzhen 88888888 66666666 99999999 11111111 00000000 12341234 11223344
  147258369 159357 987654321 0987654321 1234567890 a123456 a123456789 123456a 123456aa 123456abc 123abc 123qwe
  123qwe!@# 1qaz@wsx 1qaz!qaz 1QAZ2wsx 1qaz2wsx3edc !qaz2wsx !QAZ2wsx @WSX3edc Zxcv1234 zxcv1234 Asdf1234 Asd123456
  asd123456 qwe123456 Qwe123456 qweasdzxc qweasd123 q1w2e3r4 q1w2e3r4t5 1a2b3c4d a1b2c3d4 Aa111111 Aa000000
  Huawei@123 Huawei12#$ Changeme123 changeme change_me Zonedesk123 zonedesk Zonedesk@123 Gov@1234 gov123456
  Sys@1234 System123 System@123 Server@123 Oracle123 Mysql@123 Postgres123 postgres Pa$$w0rd Pa$$word1`
    .split(/\s+/)
    .map((p) => p.toLowerCase()),
);
