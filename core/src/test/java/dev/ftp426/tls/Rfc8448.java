package dev.ftp426.tls;

/** Values from RFC 8448 section 3 ("Simple 1-RTT Handshake"), TLS_AES_128_GCM_SHA256. */
final class Rfc8448
{
    static final String CLIENT_RANDOM = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
    static final String CLIENT_HANDSHAKE_SECRET = "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21";
    static final String SERVER_HANDSHAKE_SECRET = "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38";
    static final String CLIENT_APPLICATION_SECRET = "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5";
    static final String SERVER_APPLICATION_SECRET = "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643";

    /** ClientHello record (TLSPlaintext, version 0x0301). */
    static final String CLIENT_HELLO_RECORD = "16030100c4" +
        "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000" +
        "000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d" +
        "002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e04030503060302" +
        "0308040805080604010501060102010402050206020202002d00020101001c00024001";
    /** ServerHello record. */
    static final String SERVER_HELLO_RECORD = "160303005a" +
        "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c982" +
        "8876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";
    /** The client's Finished, under the client handshake keys, sequence 0. */
    static final String CLIENT_FINISHED_RECORD =
        "170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1caeacab6867" +
        "d726c40546";
    static final String CLIENT_FINISHED_PLAINTEXT =
        "14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";
    /** 50 bytes 00..31 from the client under its application keys, sequence 0. */
    static final String CLIENT_APPLICATION_RECORD = "1703030043" +
        "a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014" +
        "bd1e3deae63aeebb21694915e4";
    /** 50 bytes 00..31 from the server under its application keys, sequence 0. */
    static final String SERVER_APPLICATION_RECORD = "1703030043" +
        "3e6a8d5a454f91cf674394496600eb1ce8163540fa79e3e8297b6148bfe5e8aaa0dbfb96ad9aa912df8b84e146979bbf7e4059a5177a" +
        "d560f2cfe674b7650561229589";

    static String keyLog()
    {
        return "# RFC 8448 section 3\n" +
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + CLIENT_RANDOM + " " + CLIENT_HANDSHAKE_SECRET + "\n" +
            "SERVER_HANDSHAKE_TRAFFIC_SECRET " + CLIENT_RANDOM + " " + SERVER_HANDSHAKE_SECRET + "\n" +
            "\n" +
            "CLIENT_TRAFFIC_SECRET_0 " + CLIENT_RANDOM + " " + CLIENT_APPLICATION_SECRET + "\n" +
            "SERVER_TRAFFIC_SECRET_0 " + CLIENT_RANDOM + " " + SERVER_APPLICATION_SECRET + "\n";
    }

    private Rfc8448()
    {
    }
}
